package io.swapflush.parse;

import java.math.BigInteger;

/**
 * SOL or a token moved from one account to another, authorized by {@code authority} (the owner or
 * delegate of a token account; the payer of SOL; a mint's authority). {@code mint} is null when the
 * instruction does not name it (a token {@code Transfer}); SOL is {@link Mints#SOL}. A token minted
 * comes from its mint, a token burnt goes to it: a pool that mints or burns (a stake pool, a vault)
 * pays or takes like one that transfers.
 */
record Transfer(String source, String destination, String authority, BigInteger amount, String mint, Kind kind) {

  enum Kind { LAMPORTS, TOKEN, MINT, BURN }

  boolean lamports() {
    return kind == Kind.LAMPORTS;
  }

  /** Whether tokens or SOL changed hands (not a mint's supply growing or shrinking). */
  boolean betweenAccounts() {
    return kind == Kind.LAMPORTS || kind == Kind.TOKEN;
  }
}
