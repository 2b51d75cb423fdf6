package io.swapflush.parse;

import java.util.HashMap;
import java.util.Map;

/**
 * The token accounts the transaction's balances list, with their mint and owner. A token account
 * they do not list was opened and closed within the transaction: a trader's or a router's
 * temporary account, never a pool's vault, which outlives the transaction.
 */
final class TokenAccounts {

  private final Map<String, String> mints = new HashMap<>();
  private final Map<String, String> owners = new HashMap<>();

  void add(String address, String mint, String owner) {
    mints.put(address, mint);
    if (owner != null) {
      owners.put(address, owner);
    }
  }

  boolean isListed(String address) {
    return mints.containsKey(address);
  }

  /** The mint of a listed account, else null. */
  String mint(String address) {
    return mints.get(address);
  }

  /**
   * Who controls what the account holds: the owner of a token account; else the account itself (a
   * wallet, a bonding curve, a temporary account).
   */
  String holder(String address) {
    return owners.getOrDefault(address, address);
  }
}
