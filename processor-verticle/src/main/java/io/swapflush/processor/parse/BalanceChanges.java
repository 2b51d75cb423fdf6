package io.swapflush.processor.parse;

import static io.swapflush.processor.parse.JsonFields.array;
import static io.swapflush.processor.parse.JsonFields.base58;
import static io.swapflush.processor.parse.JsonFields.unsignedLong;

import io.swapflush.event.SwapEvent.Side;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Net balance changes per owner and asset, from the pre/post balances of the transaction. An
 * owner's SOL change counts its own account and every token account it owns (so wrapping, account
 * rent and closing net out) and excludes the network fee it paid. Owners are the signers and the
 * owners of token accounts (pools included).
 */
final class BalanceChanges {

  /** A SOL change smaller than this is fees, rent or tips, never the base of a trade. */
  private static final BigInteger SOL_DUST = BigInteger.valueOf(1_000_000);
  /**
   * A change this many times smaller than what another owner moved of the same asset is a route's
   * leftover (an intermediate token kept as dust), not a side of the trade.
   */
  private static final BigInteger LEFTOVER_RATIO = BigInteger.valueOf(100);

  private final AccountKeys keys;
  private final Map<String, Map<String, BigInteger>> byOwner = new LinkedHashMap<>();
  private final Map<String, Short> decimals = new HashMap<>();

  private BalanceChanges(AccountKeys keys) {
    this.keys = keys;
    decimals.put(Mints.SOL, Mints.SOL_DECIMALS);
  }

  static BalanceChanges of(AccountKeys keys, JsonObject meta) {
    BalanceChanges changes = new BalanceChanges(keys);
    long[] lamports = lamportChanges(keys, meta);
    Map<Integer, TokenBalance> pre = tokenBalances(meta, "preTokenBalances", keys);
    Map<Integer, TokenBalance> post = tokenBalances(meta, "postTokenBalances", keys);
    Map<Integer, TokenBalance> accounts = new LinkedHashMap<>(pre);
    accounts.putAll(post);
    for (Map.Entry<Integer, TokenBalance> account : accounts.entrySet()) {
      int index = account.getKey();
      TokenBalance balance = account.getValue();
      if (balance.owner() == null) {
        continue;
      }
      changes.decimals.putIfAbsent(balance.mint(), balance.decimals());
      // a token account's lamports (rent, and the SOL itself when wrapped) belong to its owner
      changes.add(balance.owner(), Mints.SOL, BigInteger.valueOf(lamports[index]));
      lamports[index] = 0;
      if (!balance.mint().equals(Mints.SOL)) {
        BigInteger before = pre.containsKey(index) ? pre.get(index).amount() : BigInteger.ZERO;
        BigInteger after = post.containsKey(index) ? post.get(index).amount() : BigInteger.ZERO;
        changes.add(balance.owner(), balance.mint(), after.subtract(before));
      }
    }
    List<String> owners = new ArrayList<>(keys.signers());
    owners.addAll(changes.byOwner.keySet());
    for (String owner : owners) {
      int index = keys.indexOf(owner);
      if (index >= 0 && lamports[index] != 0) {
        changes.add(owner, Mints.SOL, BigInteger.valueOf(lamports[index]));
        lamports[index] = 0;
      }
    }
    return changes;
  }

  /**
   * Traders: the signers, in order, whose balances show a trade. When no signer trades (a program
   * or a delegate moved someone else's tokens), the route's user authority that does.
   */
  List<String> traders(List<String> routeAuthorities) {
    List<String> traders = new ArrayList<>();
    for (String signer : keys.signers()) {
      if (!tradesOf(signer).isEmpty()) {
        traders.add(signer);
      }
    }
    if (traders.isEmpty()) {
      routeAuthorities.stream().filter(owner -> !tradesOf(owner).isEmpty()).findFirst().ifPresent(traders::add);
    }
    return traders;
  }

  /** The owner's trades: each asset that moved against the quote asset, one trade per base mint. */
  List<Trade> tradesOf(String owner) {
    Map<String, BigInteger> moved = new LinkedHashMap<>();
    byOwner.getOrDefault(owner, Map.of()).forEach((asset, delta) -> {
      if (delta.signum() != 0 && !isLeftover(owner, asset, delta)) {
        moved.put(asset, delta);
      }
    });
    String quote = quoteOf(moved);
    List<Trade> trades = new ArrayList<>();
    if (quote == null) {
      String received = firstWithSign(moved, 1);
      String given = firstWithSign(moved, -1);
      if (received != null && given != null) {
        trades.add(trade(received, moved.get(received), given, moved.get(given)));
      }
      return trades;
    }
    BigInteger quoteDelta = moved.get(quote);
    moved.forEach((asset, delta) -> {
      boolean opposite = delta.signum() == -quoteDelta.signum();
      boolean dust = asset.equals(Mints.SOL) && delta.abs().compareTo(SOL_DUST) < 0;
      if (!asset.equals(quote) && opposite && !dust) {
        trades.add(trade(asset, delta, quote, counterpartySol(owner, asset, delta, quote, quoteDelta)));
      }
    });
    return trades;
  }

  private boolean isLeftover(String owner, String asset, BigInteger delta) {
    BigInteger scaled = delta.abs().multiply(LEFTOVER_RATIO);
    return byOwner.entrySet().stream().anyMatch(other -> !other.getKey().equals(owner)
        && other.getValue().getOrDefault(asset, BigInteger.ZERO).abs().compareTo(scaled) > 0);
  }

  /**
   * The trader's SOL change includes tips and protocol fees paid beside the trade. When exactly one
   * other owner mirrors the base change (the pool of a direct trade), the SOL that pool took or gave
   * is the trade's amount, if it is smaller.
   */
  private BigInteger counterpartySol(String owner, String base, BigInteger baseDelta, String quote,
      BigInteger quoteDelta) {
    if (!quote.equals(Mints.SOL)) {
      return quoteDelta;
    }
    List<BigInteger> mirrors = byOwner.entrySet().stream()
        .filter(other -> !other.getKey().equals(owner)
            && baseDelta.negate().equals(other.getValue().get(base)))
        .map(other -> other.getValue().getOrDefault(Mints.SOL, BigInteger.ZERO))
        .toList();
    if (mirrors.size() == 1) {
      BigInteger poolSol = mirrors.get(0);
      if (poolSol.signum() == -quoteDelta.signum() && poolSol.abs().compareTo(quoteDelta.abs()) <= 0) {
        return poolSol.negate();
      }
    }
    return quoteDelta;
  }

  /** USDC, else USDT, else SOL; SOL only when some token moved the other way. */
  private static String quoteOf(Map<String, BigInteger> moved) {
    for (String quote : Mints.QUOTES) {
      BigInteger delta = moved.get(quote);
      if (delta == null) {
        continue;
      }
      if (!quote.equals(Mints.SOL)) {
        return quote;
      }
      boolean tokenOpposite = moved.entrySet().stream()
          .anyMatch(e -> !e.getKey().equals(Mints.SOL) && e.getValue().signum() == -delta.signum());
      return tokenOpposite ? quote : null;
    }
    return null;
  }

  private static String firstWithSign(Map<String, BigInteger> moved, int sign) {
    return moved.entrySet().stream().filter(e -> e.getValue().signum() == sign && !e.getKey().equals(Mints.SOL))
        .map(Map.Entry::getKey).findFirst().orElse(null);
  }

  private Trade trade(String base, BigInteger baseDelta, String quote, BigInteger quoteDelta) {
    return new Trade(base, quote, baseDelta.signum() > 0 ? Side.BUY : Side.SELL, baseDelta.abs(), quoteDelta.abs(),
        decimals.get(base), decimals.get(quote));
  }

  private void add(String owner, String asset, BigInteger delta) {
    byOwner.computeIfAbsent(owner, o -> new LinkedHashMap<>()).merge(asset, delta, BigInteger::add);
  }

  private static long[] lamportChanges(AccountKeys keys, JsonObject meta) {
    JsonArray pre = array(meta, "preBalances", "meta");
    JsonArray post = array(meta, "postBalances", "meta");
    if (pre.size() != keys.size() || post.size() != keys.size()) {
      throw new InvalidTransactionException("inconsistent-balances", "meta.preBalances (" + pre.size()
          + ") and meta.postBalances (" + post.size() + ") must have one entry per account key (" + keys.size() + ")");
    }
    long[] changes = new long[keys.size()];
    for (int i = 0; i < changes.length; i++) {
      changes[i] = unsignedLong(post.getValue(i), "meta.postBalances[" + i + "]")
          - unsignedLong(pre.getValue(i), "meta.preBalances[" + i + "]");
    }
    // the fee payer's fee is the network's, not part of any trade
    changes[0] += unsignedLong(meta.getValue("fee"), "meta.fee");
    return changes;
  }

  private static Map<Integer, TokenBalance> tokenBalances(JsonObject meta, String field, AccountKeys keys) {
    JsonArray list = JsonFields.optionalArray(meta, field, "meta");
    Map<Integer, TokenBalance> balances = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "meta." + field + "[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject entry)) {
        throw new InvalidTransactionException("wrong-type", path + " must be an object");
      }
      int index = JsonFields.index(entry.getValue("accountIndex"), path + ".accountIndex", keys.size());
      JsonObject amount = JsonFields.object(entry, "uiTokenAmount", path);
      Object owner = entry.getValue("owner");
      balances.put(index, new TokenBalance(
          base58(entry.getValue("mint"), path + ".mint", 32),
          owner == null ? null : base58(owner, path + ".owner", 32),
          JsonFields.u64String(amount.getValue("amount"), path + ".uiTokenAmount.amount"),
          (short) JsonFields.index(amount.getValue("decimals"), path + ".uiTokenAmount.decimals", 256)));
    }
    return balances;
  }

  private record TokenBalance(String mint, String owner, BigInteger amount, short decimals) {
  }
}
