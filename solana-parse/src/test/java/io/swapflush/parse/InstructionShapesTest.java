package io.swapflush.parse;

import static io.swapflush.parse.TransactionBuilder.CPMM;
import static io.swapflush.parse.TransactionBuilder.JUPITER;
import static io.swapflush.parse.TransactionBuilder.key;
import static io.swapflush.parse.TransactionBuilder.nested;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swapflush.event.ParsedTransaction;
import io.swapflush.event.SwapEvent;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Shapes of real transactions the fixtures do not show, built instruction by instruction: several
 * swaps of one trader in one transaction, an output paid to another wallet, a router called by a
 * vault program.
 */
class InstructionShapesTest {

  private static final String SOL = Mints.SOL;
  private final String user = key("user");
  private final String mintX = key("mint X");
  private final String mintY = key("mint Y");
  private final String userX = key("user's X");
  private final String userY = key("user's Y");
  private final String userSol = key("user's wSOL");
  private final String poolX = key("pool X: X vault");
  private final String poolXSol = key("pool X: wSOL vault");
  private final String poolY = key("pool Y: Y vault");
  private final String poolYSol = key("pool Y: wSOL vault");
  private final String authorityX = key("pool X authority");
  private final String authorityY = key("pool Y authority");
  private final TransactionParser parser = new TransactionParser(1 << 20);

  @Test
  void twoSellsInTwoInstructionsAreTwoTradesEachAtItsOwnPrice() {
    TransactionBuilder tx = pools(1000, 0, 2000, 0, 0, 800);
    swap(tx, authorityX, tx.transfer(userX, poolX, user, 1000), tx.transfer(poolXSol, userSol, authorityX, 500));
    swap(tx, authorityY, tx.transfer(userY, poolY, user, 2000), tx.transfer(poolYSol, userSol, authorityY, 300));

    assertEquals(List.of("sell " + mintX + " 1000 for 500", "sell " + mintY + " 2000 for 300"), trades(tx));
  }

  @Test
  void aSellThenABuyThroughSolAreBothReported() {
    TransactionBuilder tx = pools(1000, 0, 0, 7000, 0, 50);
    swap(tx, authorityX, tx.transfer(userX, poolX, user, 1000), tx.transfer(poolXSol, userSol, authorityX, 1050));
    swap(tx, authorityY, tx.transfer(userSol, poolYSol, user, 1000), tx.transfer(poolY, userY, authorityY, 7000));

    assertEquals(List.of("sell " + mintX + " 1000 for 1050", "buy " + mintY + " 7000 for 1000"), trades(tx));
  }

  @Test
  void aPoolPayingAnotherWalletStillTraded() {
    String other = key("another wallet's wSOL");
    TransactionBuilder tx = pools(1000, 0, 0, 0, 0, 0);
    tx.tokenAccount(other, SOL, key("another wallet"), 0, 500);
    swap(tx, authorityX, tx.transfer(userX, poolX, user, 1000), tx.transfer(poolXSol, other, authorityX, 500));

    assertEquals(List.of("sell " + mintX + " 1000 for 500"), trades(tx));
  }

  @Test
  void aRouteDeliveringToAnotherWalletStillTraded() {
    String other = key("another wallet's wSOL");
    TransactionBuilder tx = pools(1000, 0, 0, 0, 0, 0);
    tx.tokenAccount(other, SOL, key("another wallet"), 0, 500);
    tx.run(tx.instruction(JUPITER, Venue.anchorDiscriminator("route"), Transfers.TOKEN_PROGRAM, user, userX, userSol, other),
        tx.instruction(CPMM, Venue.anchorDiscriminator("swap_base_input"), user, authorityX),
        nested(tx.transfer(userX, poolX, user, 1000), 3), nested(tx.transfer(poolXSol, other, authorityX, 500), 3));

    assertEquals(List.of("sell " + mintX + " 1000 for 500"), trades(tx));
  }

  @Test
  void aRouterCalledByAVaultProgramTradesForTheVault() {
    String vault = key("vault authority (a program's)");
    String vaultX = key("vault's X");
    String vaultSol = key("vault's wSOL");
    TransactionBuilder tx = pools(0, 0, 0, 0, 0, 0);
    tx.tokenAccount(vaultX, mintX, vault, 1000, 0).tokenAccount(vaultSol, SOL, vault, 0, 500);
    tx.run(tx.instruction(key("vault program"), new byte[] {1}, user, vault),
        nested(tx.instruction(JUPITER, Venue.anchorDiscriminator("route"), Transfers.TOKEN_PROGRAM, vault, vaultX,
            vaultSol), 2),
        nested(tx.instruction(CPMM, Venue.anchorDiscriminator("swap_base_input"), vault, authorityX), 3),
        nested(tx.transfer(vaultX, poolX, vault, 1000), 4), nested(tx.transfer(poolXSol, vaultSol, authorityX, 500), 4));

    ParsedTransaction parsed = parser.parse(parser.split(tx.build()).get(0));

    assertEquals(List.of(vault), parsed.events().stream().map(SwapEvent::trader).toList());
    assertEquals(List.of("sell " + mintX + " 1000 for 500"), parsed.events().stream()
        .map(InstructionShapesTest::describe).toList());
  }

  /** A Raydium CPMM swap by the user at the top level, with the transfers it made. */
  private void swap(TransactionBuilder tx, String poolAuthority, ObjectNode taken, ObjectNode paid) {
    tx.run(tx.instruction(CPMM, Venue.anchorDiscriminator("swap_base_input"), user, poolAuthority), taken, paid);
  }

  /** The user's X, Y and wSOL accounts and two pools (X/SOL, Y/SOL), with the user's balances before and after. */
  private TransactionBuilder pools(long xBefore, long xAfter, long yBefore, long yAfter, long solBefore,
      long solAfter) {
    TransactionBuilder tx = new TransactionBuilder(user);
    tx.tokenAccount(userX, mintX, user, xBefore, xAfter).tokenAccount(userY, mintY, user, yBefore, yAfter)
        .tokenAccount(userSol, SOL, user, solBefore, solAfter)
        .tokenAccount(poolX, mintX, authorityX, 100_000, 100_000 + xBefore - xAfter)
        .tokenAccount(poolXSol, SOL, authorityX, 100_000, 100_000)
        .tokenAccount(poolY, mintY, authorityY, 100_000, 100_000 + yBefore - yAfter)
        .tokenAccount(poolYSol, SOL, authorityY, 100_000, 100_000);
    return tx;
  }

  private List<String> trades(TransactionBuilder tx) {
    ParsedTransaction parsed = parser.parse(parser.split(tx.build()).get(0));
    return parsed.events().stream().map(InstructionShapesTest::describe).collect(Collectors.toList());
  }

  private static String describe(SwapEvent event) {
    return event.side().label() + " " + event.baseMint() + " " + event.baseAmount() + " for " + event.quoteAmount();
  }
}
