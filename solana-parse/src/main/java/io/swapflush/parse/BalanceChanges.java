package io.swapflush.parse;

import static io.swapflush.parse.JsonFields.array;
import static io.swapflush.parse.JsonFields.base58;
import static io.swapflush.parse.JsonFields.unsignedLong;

import io.swapflush.event.SwapEvent.Side;
import io.swapflush.event.Uncertainty;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Net balance changes per owner and asset, from the pre/post balances of the transaction. An
 * owner's SOL change counts its own account and every token account it owns (so wrapping, account
 * rent and closing net out) and excludes the network fee it paid. Owners are the signers and the
 * owners of token accounts (pools included).
 */
final class BalanceChanges {

  /**
   * A change this many times smaller than what another owner moved of the same asset is a route's
   * leftover (an intermediate token kept as dust), not a side of the trade.
   */
  private static final BigInteger LEFTOVER_RATIO = BigInteger.valueOf(100);

  /** Parties tried as the trader when no signer trades: each costs a merge of every party's flows. */
  private static final int MAX_CANDIDATES = 16;

  private final AccountKeys keys;
  private final Map<String, Map<String, BigInteger>> byOwner = new LinkedHashMap<>();
  private final Map<String, Short> decimals = new HashMap<>();
  private final TokenAccounts tokenAccounts = new TokenAccounts();
  private long[] lamportChanges;

  private BalanceChanges(AccountKeys keys) {
    this.keys = keys;
    decimals.put(Mints.SOL, Mints.SOL_DECIMALS);
  }

  static BalanceChanges of(AccountKeys keys, Map<?, ?> meta) {
    long[] lamports = lamportChanges(keys, meta);
    return of(keys, lamports, tokenBalances(meta, "preTokenBalances", keys),
        tokenBalances(meta, "postTokenBalances", keys));
  }

  /**
   * From each key's change of lamports (the fee payer's without its fee) and the token balances by
   * key index before and after.
   */
  static BalanceChanges of(AccountKeys keys, long[] lamports, Map<Integer, TokenBalance> pre,
      Map<Integer, TokenBalance> post) {
    BalanceChanges changes = new BalanceChanges(keys);
    changes.lamportChanges = lamports.clone();
    Map<Integer, TokenBalance> accounts = new LinkedHashMap<>(pre);
    accounts.putAll(post);
    for (Map.Entry<Integer, TokenBalance> account : accounts.entrySet()) {
      int index = account.getKey();
      TokenBalance balance = account.getValue();
      changes.tokenAccounts.add(keys.get(index), balance.mint(), balance.owner());
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

  TokenAccounts tokenAccounts() {
    return tokenAccounts;
  }

  /** The change of an account's own lamports (the fee payer's without its fee), 0 when not listed. */
  long lamportChange(String key) {
    int index = keys.indexOf(key);
    return index < 0 ? 0 : lamportChanges[index];
  }

  /**
   * Traders: the signers, in order, that trade on their own authority — every signer of a bundle.
   * When none does (a router's program authority, a wrapper program or a delegate moved the funds),
   * the first signer or route authority whose own balances moved the way the venues' flows went.
   */
  List<String> traders(List<String> routeAuthorities, VenueFlows flows) {
    List<String> traders = new ArrayList<>();
    for (String signer : keys.signers()) {
      if (!tradesOf(signer, flows.of(signer).sides(), -1).isEmpty()) {
        traders.add(signer);
      }
    }
    if (traders.isEmpty()) {
      Set<String> candidates = new LinkedHashSet<>(keys.signers());
      candidates.addAll(routeAuthorities);
      String fallback = null;
      for (String owner : candidates.stream().limit(MAX_CANDIDATES).toList()) {
        Map<String, BigInteger> venue = flows.ofSoleTrader(owner).sides();
        if (tradesOf(owner, venue, -1).isEmpty()) {
          continue;
        }
        if (movedAsVenuesSay(owner, venue)) {
          traders.add(owner);
          return traders;
        }
        fallback = fallback == null ? owner : fallback;
      }
      if (fallback != null) {
        traders.add(fallback);
      }
    }
    return traders;
  }

  /** Whether a token the venues moved for the owner moved the same way in the owner's own balances. */
  private boolean movedAsVenuesSay(String owner, Map<String, BigInteger> venue) {
    Map<String, BigInteger> balances = byOwner.getOrDefault(owner, Map.of());
    return venue.entrySet().stream().anyMatch(flow -> !flow.getKey().equals(Mints.SOL)
        && balances.getOrDefault(flow.getKey(), BigInteger.ZERO).signum() == flow.getValue().signum());
  }

  /**
   * The owner's trades, one per base mint: each top-level instruction's own trades (a sell then a
   * buy are two trades, each priced by its own quote), those of one pair netted (a round trip leaves
   * what remains). When the venues show only one side over the whole transaction, it is read as one
   * trade (below).
   */
  List<Trade> tradesOf(String owner, TraderFlows flows) {
    Map<Integer, Map<String, BigInteger>> byInstruction = flows.sidesByInstruction();
    Map<String, BigInteger> whole = flows.sides();
    boolean received = whole.values().stream().anyMatch(amount -> amount.signum() > 0);
    boolean given = whole.values().stream().anyMatch(amount -> amount.signum() < 0);
    if (byInstruction.size() <= 1 || received != given) {
      return tradesOf(owner, whole, byInstruction.isEmpty() ? -1 : byInstruction.keySet().iterator().next());
    }
    Map<String, Trade> byBase = new LinkedHashMap<>();
    boolean[] unpaired = {false};
    byInstruction.forEach((instruction, venue) -> {
      List<Trade> trades = tradesOf(owner, venue, instruction);
      // an instruction whose flows make no pair: its other side went unseen
      unpaired[0] |= trades.isEmpty();
      for (Trade trade : trades) {
        Trade earlier = byBase.get(trade.baseMint());
        if (earlier == null) {
          byBase.put(trade.baseMint(), trade);
        } else if (earlier.quoteMint().equals(trade.quoteMint())) {
          byBase.put(trade.baseMint(), earlier.nettedWith(trade));
        } else {
          // one event per trader and base mint: the first pair stands, the other is counted
          byBase.put(trade.baseMint(), earlier.withDoubt(Uncertainty.NO_EVENT));
        }
      }
    });
    byBase.values().removeIf(trade -> trade.baseAmount().signum() == 0);
    List<Trade> trades = new ArrayList<>(byBase.values());
    if (unpaired[0] && !trades.isEmpty()) {
      trades.set(0, trades.get(0).withDoubt(Uncertainty.NO_EVENT));
    }
    return trades;
  }

  /**
   * The trades of one set of venue flows: each asset the venues moved against the quote asset, one
   * trade per base mint, in the amounts the venues took and paid ({@code venue}: what the venues paid
   * the owner, by mint). No venue, no trade: what moved outside any swap (a deposit, a withdrawal, a
   * loan) is not one. When the venues show only one side (a pool that paid in a way no transfer
   * records), the other side comes from the owner's balances, and says so.
   */
  private List<Trade> tradesOf(String owner, Map<String, BigInteger> venue, int instruction) {
    if (venue.isEmpty()) {
      return List.of();
    }
    Map<String, BigInteger> moved = new LinkedHashMap<>(venue);
    Map<String, Uncertainty> doubts = new HashMap<>();
    Map<String, BigInteger> balances = byOwner.getOrDefault(owner, Map.of());
    venue.forEach((asset, amount) -> {
      BigInteger balance = balances.getOrDefault(asset, BigInteger.ZERO);
      if (!asset.equals(Mints.SOL) && balance.signum() == -amount.signum()) {
        doubts.put(asset, Uncertainty.DIRECTION_MISMATCH);
      }
    });
    boolean received = venue.values().stream().anyMatch(amount -> amount.signum() > 0);
    boolean given = venue.values().stream().anyMatch(amount -> amount.signum() < 0);
    if (received != given) {
      int missing = received ? -1 : 1;
      balances.forEach((asset, balance) -> {
        if (balance.signum() == missing && !moved.containsKey(asset) && !isLeftover(owner, asset, balance)) {
          moved.put(asset, balance);
          doubts.put(asset, Uncertainty.BALANCE_FALLBACK);
        }
      });
    }
    String quote = quoteOf(moved);
    List<Trade> trades = new ArrayList<>();
    if (quote == null) {
      String receivedMint = firstWithSign(moved, 1);
      String givenMint = firstWithSign(moved, -1);
      if (receivedMint != null && givenMint != null) {
        trades.add(trade(receivedMint, moved.get(receivedMint), givenMint, moved.get(givenMint), doubts, instruction));
      }
      return trades;
    }
    BigInteger quoteDelta = moved.get(quote);
    moved.forEach((asset, delta) -> {
      if (!asset.equals(quote) && delta.signum() == -quoteDelta.signum()) {
        trades.add(trade(asset, delta, quote, quoteDelta, doubts, instruction));
      }
    });
    return trades;
  }

  private boolean isLeftover(String owner, String asset, BigInteger delta) {
    BigInteger scaled = delta.abs().multiply(LEFTOVER_RATIO);
    return byOwner.entrySet().stream().anyMatch(other -> !other.getKey().equals(owner)
        && other.getValue().getOrDefault(asset, BigInteger.ZERO).abs().compareTo(scaled) > 0);
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

  private Trade trade(String base, BigInteger baseDelta, String quote, BigInteger quoteDelta,
      Map<String, Uncertainty> doubts, int instruction) {
    Uncertainty doubt = doubts.containsKey(base) ? doubts.get(base) : doubts.get(quote);
    return new Trade(base, quote, baseDelta.signum() > 0 ? Side.BUY : Side.SELL, baseDelta.abs(), quoteDelta.abs(),
        decimals.get(base), decimals.get(quote), doubt, instruction);
  }

  private void add(String owner, String asset, BigInteger delta) {
    byOwner.computeIfAbsent(owner, o -> new LinkedHashMap<>()).merge(asset, delta, BigInteger::add);
  }

  private static long[] lamportChanges(AccountKeys keys, Map<?, ?> meta) {
    List<?> pre = array(meta, "preBalances", "meta");
    List<?> post = array(meta, "postBalances", "meta");
    if (pre.size() != keys.size() || post.size() != keys.size()) {
      throw new InvalidTransactionException("inconsistent-balances", "meta.preBalances (" + pre.size()
          + ") and meta.postBalances (" + post.size() + ") must have one entry per account key (" + keys.size() + ")");
    }
    long[] changes = new long[keys.size()];
    for (int i = 0; i < changes.length; i++) {
      changes[i] = unsignedLong(post.get(i), "meta.postBalances[" + i + "]")
          - unsignedLong(pre.get(i), "meta.preBalances[" + i + "]");
    }
    // the fee payer's fee is the network's, not part of any trade
    changes[0] += unsignedLong(meta.get("fee"), "meta.fee");
    return changes;
  }

  private static Map<Integer, TokenBalance> tokenBalances(Map<?, ?> meta, String field, AccountKeys keys) {
    List<?> list = JsonFields.optionalArray(meta, field, "meta");
    Map<Integer, TokenBalance> balances = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "meta." + field + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        throw new InvalidTransactionException("wrong-type", path + " must be an object");
      }
      int index = JsonFields.index(entry.get("accountIndex"), path + ".accountIndex", keys.size());
      Map<?, ?> amount = JsonFields.object(entry, "uiTokenAmount", path);
      Object owner = entry.get("owner");
      balances.put(index, TokenBalance.read(entry.get("mint"), owner, amount.get("amount"), amount.get("decimals"),
          path));
    }
    return balances;
  }

  /** A token account's balance: {@code owner} null when the node did not record it. */
  record TokenBalance(String mint, String owner, BigInteger amount, short decimals) {

    /** From the values as given (a base58 mint and owner, a u64 decimal string, decimals below 256), checked. */
    static TokenBalance read(Object mint, Object owner, Object amount, Object decimals, String path) {
      return new TokenBalance(base58(mint, path + ".mint", 32), owner == null ? null : base58(owner, path + ".owner", 32),
          JsonFields.u64String(amount, path + ".uiTokenAmount.amount"),
          (short) JsonFields.index(decimals, path + ".uiTokenAmount.decimals", 256));
    }
  }
}
