package io.swapflush.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Instructions are told apart by the bytes the public decoders list for them. */
class VenuesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // instruction name, its discriminator as carbon's decoders and the programs' IDLs write it
      "buy, 66063d1201daebea",
      "sell, 33e685a4017f83ad",
      "route, e517cb977ae3ad2a",
      "shared_accounts_route, c1209b3341d69c81",
      "route_v2, bb64facc31c4af14",
      "swap_v2, 2b04ed0b1ac91e62",
      "buy_exact_in, faea0d7bd59c13ec",
      "swap_base_input, 8fbe5adac41e33de",
      "fill, a860b7a35c0a28a0",
  })
  void anchorDiscriminatorsAreTheDecodersBytes(String instruction, String hex) {
    assertArrayEquals(HexFormat.of().parseHex(hex), Venue.anchorDiscriminator(instruction));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P, 66063d1201daebea00e1f50500000000, SWAP",
      "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P, 181ec828051c0777, OTHER",
      "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P, 0102030405060708, UNKNOWN",
      "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA, f223c68952e1f2b6, OTHER",
      "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8, 10a0860100000000000000000000000000, SWAP",
      "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8, 03a086010000000000, OTHER",
      "srmqPvymJeFKQ4zGQed1GFppgkRHL9kaELCbyksJtPX, 000a000000, OTHER",
      "srmqPvymJeFKQ4zGQed1GFppgkRHL9kaELCbyksJtPX, 000d000000, SWAP",
      "LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo, e445a52e51cb9a1d, EVENT",
      "9H6tua7jkLhdm3w8BvgpTn5LZNU7g4ZynDmCiNN3q6Rp, 3aff2fffe2baebc3, SWAP",
  })
  void instructionsAreClassifiedByProgramAndLeadingBytes(String program, String data, Venue.Kind kind) {
    assertEquals(kind, Venues.of(program).classify(HexFormat.of().parseHex(data)));
  }
}
