package io.swapflush.source.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every form in which a provider's secrets can appear in a text is taken out, and nothing else. */
class ProviderSecretsTest {

  private static final String URL = "https://user:password1@rpc.example.com:8443/v2/pathsecret%2Bkey?api-key=querysecret1&x=1";
  private static final String SHOWN = "https://rpc.example.com:8443";
  private final ProviderSecrets secrets = new ProviderSecrets(URL, SHOWN, List.of("Bearer headersecret"));

  @Test
  void theUrlAndItsPathWithItsQueryBecomeTheShownUrl() {
    assertEquals("cannot reach " + SHOWN + ": refused", secrets.redact("cannot reach " + URL + ": refused"));
    assertEquals("The timeout period of 1000ms has been exceeded while executing POST " + SHOWN + " for server "
            + "rpc.example.com:8443", secrets.redact("The timeout period of 1000ms has been exceeded while executing "
            + "POST /v2/pathsecret%2Bkey?api-key=querysecret1&x=1 for server rpc.example.com:8443"));
  }

  @Test
  void eachPartAndHeaderValueRawOrDecodedIsHiddenWhereverItAppears() {
    assertEquals("path *** decoded *** query *** key *** header *** token *** user ***",
        secrets.redact("path /v2/pathsecret%2Bkey decoded pathsecret+key query api-key=querysecret1&x=1 "
            + "key querysecret1 header Bearer headersecret token headersecret user user:password1"));
  }

  @Test
  void shortPartsAndOtherTextsAreLeftAlone() {
    String text = "getBlock(7) answered HTTP 502 from v2 with x=1";
    assertEquals(text, secrets.redact(text));
    assertNull(secrets.redact(null));
  }

  @Test
  void aUrlWithoutPathOrQueryHasOnlyItsHeadersToHide() {
    ProviderSecrets plain = new ProviderSecrets("http://127.0.0.1:8899", "http://127.0.0.1:8899", List.of());
    assertEquals("POST / to http://127.0.0.1:8899 failed", plain.redact("POST / to http://127.0.0.1:8899 failed"));
  }
}
