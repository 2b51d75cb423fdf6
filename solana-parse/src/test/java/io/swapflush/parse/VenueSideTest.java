package io.swapflush.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swapflush.event.ParsedTransaction;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.Uncertainty;
import io.swapflush.testsupport.Fixtures;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Amounts are the venue's side of the trade, on real mainnet transactions of the classes where a
 * trader's net balance is not the trade: front ends that take a fee, tips and account rent beside a
 * direct trade, routes of several hops. Expected amounts are the pool's or curve's own transfers
 * (or, for a curve paying from its balance, its balance change), which the venues' emitted events
 * confirm; token amounts are what the trader's accounts gave or got.
 */
class VenueSideTest {

  private final TransactionParser parser = new TransactionParser(16 << 20);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // class 1: a front end (Photon, OKX) takes its own SOL fee in the same transaction
      "jeffro__photon_pumpfun_sell_5KEMtQuv.json, CzXW1cD5H9M6d8uFonRqQA5bvfLQtZdaZFJzqpie88HM, 4fSYiTPwwvU9Ym7CGXG4BNLKMcybg2GZXesYevS8pump, So11111111111111111111111111111111111111112, sell, 50287397622085, 1667803326, pump-fun",
      "jeffro__photon_pumpfun_buy_628Q5CDN.json, DfMxre4cKmvogbLrPigxmibVTTQDuzjdXojWzjCXXhzj, HQ4SzFMwYo8TXds1bHD2TvZdL7S75hK8w775rWrVpump, So11111111111111111111111111111111111111112, buy, 5609742876530, 395999999, pump-fun",
      "jeffro__photon_pumpfun_buy_ata_5839B8x1.json, 2PhpwXnnnQWQCdiQwkG7Xbq5D3x72vCEGJEQ1kKrMHzi, 37AmZ9EYChwuK95dnP6sYYbqcoEbbvEZYJpinSLfpump, So11111111111111111111111111111111111111112, buy, 294233863538, 99000000, pump-fun",
      "agavesim__okx_pumpswap_buy_commission_2zNeSn8c.json, G2341KGbNxuSAfCfqNuPhfLQtPB94hPfgyVPC89Faor4, 8k1DvnFBsbuWJw2t4JqTibR7cAgqadMveqiykMr1pump, So11111111111111111111111111111111111111112, buy, 4374143343, 3651693, okx",
      "jeffro__okx_commission_raydium_buy_3DZuPoKR.json, AG27WXxPym3K73JFKtpRxwbMfnRnuPu5bn6juzcvq5rp, 28ECNMKBj66GMBJxq1c3VyzJiKY5gDp2sEYc92Ybpump, So11111111111111111111111111111111111111112, buy, 5238716646, 63629071, okx",
      // class 2: a direct trade beside a Jito tip, a token account opened and closed
      "jeffro__raydium_v4_sell_jito_tip_2XgzfkWe.json, orcACRJYTFjTeo2pV8TfYRTpmqfoYgbVi9GeANXTCc8, AaJ6gmTzaQw9zxfK6BD9N89wzZLuSuwTRbi8YrTCpump, So11111111111111111111111111111111111111112, sell, 22254340082, 2615124, raydium-amm-v4",
      "agavesim__meteora_damm_v2_buy_ata_3QHC6GMf.json, 8QXHLs61dPPz9V4SLKPw7WN1vsuRpgGqxVo3Wtc55jWy, 4KCqTCbhV4qkCTGcc7adxSym5j7irot7ZW7EEVUJ2s7C, So11111111111111111111111111111111111111112, buy, 10049442880, 3853747, meteora-damm-v2",
      // class 3: routes; one event per trader and base mint, the route's ends. Tokens are the venue's side
      // too: rNMFZpBm's pool paid 47 747 735 USDC, of which Jupiter's platform fee took 286 486; 3p36wGRa's
      // user gave 250 000 000 USDC, OKX kept 750 000 as commission and 6 889 as a remainder, Phoenix took
      // 249 243 111; 5pcpYhqJ's Whirlpool paid 3 947 073, of which 33 550 went to the platform's account
      "jeffro__jupiter_4hop_token_sol_bonk_usdc_rNMFZpBm.json, GKj54MVFppoYsxPU9jMn7CMniVRAuveFadyTtFhn1vXy, CMjfdovtzmgRsnhE1cCzdwDFGKt1UzZB4oCGQchQpump, EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v, sell, 634862142081, 47747735, jupiter",
      "jeffro__okx_2hop_usdc_sol_token_3p36wGRa.json, GKj54MVFppoYsxPU9jMn7CMniVRAuveFadyTtFhn1vXy, DKu9kykSfbN5LBfFXtNNDPaX35o4Fv6vJ9FKk7pZpump, EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v, buy, 6373264828, 249243111, okx",
      "jupag__jupiter_3hop_sol_bonk_usdc_token_5pcpYhqJ.json, GH6Sn8jt4CbQgHxqpTm3MbpVSGR94uSEhChwm8vmphkP, 2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo, So11111111111111111111111111111111111111112, buy, 3947073, 27309941, jupiter",
      "jupag__jupiter_2hop_token_sol_close_2m6e4MBQ.json, 6oHypdkuE3n41w3XBidags663HQRiXBN8W4qjxyUz4YS, vVe16q1aGVSnZtK8PCXFnsh45VW6HCVrJPKCBSbpump, So11111111111111111111111111111111111111112, sell, 5878070878, 3142401, jupiter",
      // other venues: Obric through Jupiter (it took 991 250 USDC), a front-end fee (8 750) paid in the input token
      "metamask__swap-usdc-to-sol-obric_28rWme56.json, 3xTPAZxmpwd8GrNEKApaTw6VH4jqJ31WFXUvQzgwhR7c, So11111111111111111111111111111111111111112, EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v, buy, 5903984, 991250, jupiter",
  })
  void amountsAreTheVenuesSide(String file, String trader, String base, String quote, String side, String baseAmount,
      String quoteAmount, String venue) throws IOException {
    ParsedTransaction parsed = parseOnly(Files.readString(Fixtures.solanaTransaction(file)));
    assertEquals(1, parsed.events().size(), parsed.events().toString());
    SwapEvent event = parsed.events().get(0);
    assertEquals(List.of(trader, base, quote, side, venue),
        List.of(event.trader(), event.baseMint(), event.quoteMint(), event.side().label(), event.venue()));
    assertEquals(new BigInteger(baseAmount), event.baseAmount(), "base amount");
    assertEquals(new BigInteger(quoteAmount), event.quoteAmount(), "quote amount");
    assertEquals(Set.of(), parsed.uncertain(), "every amount came from the venue's side");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"jupag__bot_jupiter_3hop_arb_jito_2BppD7Zq.json", "jupag__bot_jupiter_5hop_arb_jito_GCeRpjvf.json"})
  void aCircularRouteIsNoTradeButIsCounted(String file) throws IOException {
    ParsedTransaction parsed = parseOnly(Files.readString(Fixtures.solanaTransaction(file)));
    assertEquals(List.of(), parsed.events());
    assertEquals(Set.of(Uncertainty.NO_EVENT), parsed.uncertain());
  }

  /**
   * The Jito-tip sell above, its tip raised past the trade's proceeds (the instruction, the tip
   * account and the signer edited together): the trader's SOL falls although they sold, which a
   * parser reading net balances reports as no trade at all.
   */
  @Test
  void aSellWhoseTipExceedsItsProceedsIsStillReported() throws IOException {
    ObjectNode tx = JsonTrees.read(Fixtures.solanaTransaction(EditedFixtures.JITO_TIP_SELL));
    long oldTip = 1_000_020;
    long newTip = 4_000_000;
    int tipAccount = indexOf(tx.withArray("/transaction/message/accountKeys"),
        "DfXygSm4jCyNCybVYYK6DwvWqjKee8pbDmJGcLWNDXjh");
    ArrayNode instructions = tx.withArray("/transaction/message/instructions");
    ObjectNode tip = (ObjectNode) instructions.get(instructions.size() - 1);
    assertEquals(systemTransfer(oldTip), tip.get("data").asText(), "the last instruction is the tip");
    tip.put("data", systemTransfer(newTip));
    ArrayNode post = tx.withArray("/meta/postBalances");
    post.set(0, post.get(0).asLong() - (newTip - oldTip));
    post.set(tipAccount, post.get(tipAccount).asLong() + (newTip - oldTip));

    ParsedTransaction parsed = parseOnly(tx.toString());

    assertEquals(1, parsed.events().size(), "the sell is reported");
    assertEquals(BigInteger.valueOf(2_615_124), parsed.events().get(0).quoteAmount(), "what the pool paid");
  }

  @Test
  void stakePoolsInARouteMintAndBurnAsTheVenuesSide() throws IOException {
    // the route starts in stake pools, which mint and burn rather than transfer
    ParsedTransaction parsed = parseOnly(Files.readString(Fixtures.solanaTransaction("jupag__tx-3LF4ABXfbETv.json")));
    assertEquals(BigInteger.valueOf(20_000_000_000L), parsed.events().get(0).baseAmount());
    assertEquals(Set.of(), parsed.uncertain());
  }

  @Test
  void aSideNoVenueShowsFallsBackToBalancesAndIsCounted() throws IOException {
    ParsedTransaction parsed = parseOnly(EditedFixtures.sellWithoutPayout());

    assertEquals(1, parsed.events().size(), parsed.toString());
    assertEquals(BigInteger.valueOf(22_254_340_082L), parsed.events().get(0).baseAmount(), "what the pool took");
    assertEquals(Set.of(Uncertainty.BALANCE_FALLBACK), parsed.uncertain());
  }

  /**
   * The Jito-tip sell with its pool instruction's tag changed to one Raydium AMM v4 does not have:
   * the same transfers, but no decoder says it is a swap, so no trade is guessed; it is counted.
   */
  @Test
  void anUnknownInstructionOfAKnownPoolIsNoTradeButIsCounted() throws IOException {
    ObjectNode tx = JsonTrees.read(Fixtures.solanaTransaction(EditedFixtures.JITO_TIP_SELL));
    int raydium = indexOf(tx.withArray("/transaction/message/accountKeys"),
        "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8");
    ObjectNode swap = (ObjectNode) JsonTrees.elements(tx.withArray("/transaction/message/instructions"))
        .filter(i -> i.get("programIdIndex").asInt() == raydium).findFirst().orElseThrow();
    byte[] data = Base58.decode(swap.get("data").asText());
    assertEquals(9, data[0], "swap_base_in");
    data[0] = 0x30;
    swap.put("data", Base58.encode(data));

    ParsedTransaction parsed = parseOnly(tx.toString());

    assertEquals(List.of(), parsed.events());
    assertEquals(Set.of(Uncertainty.UNKNOWN_INSTRUCTION), parsed.uncertain());
  }

  @Test
  void keysAndBalancesThatDoNotMatchAreRejected() throws IOException {
    // a published mock whose v0 lookups add five keys its balances do not cover
    String document = Files.readString(Fixtures.solanaTransaction("metamask__swap-a16z-usdt-sol_JiqYGkWc.json"));
    InvalidTransactionException e = assertThrows(InvalidTransactionException.class, () -> parseOnly(document));
    assertEquals("inconsistent-balances", e.reason());
    assertTrue(e.getMessage().contains("(37)"), e.getMessage());
  }

  private ParsedTransaction parseOnly(String document) {
    List<Object> transactions = parser.split(document);
    assertEquals(1, transactions.size());
    return parser.parse(transactions.get(0));
  }

  private static int indexOf(ArrayNode keys, String key) {
    return JsonTrees.elements(keys).map(JsonNode::asText).toList().indexOf(key);
  }

  private static String systemTransfer(long lamports) {
    return Base58.encode(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(2).putLong(lamports).array());
  }
}
