package io.swapflush.processor.parse;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The venue's side of the trades: what known pools took from and paid to each trader, from the
 * transfers made inside each call into a pool (a hop).
 *
 * <p>The trader's side starts as the signers and the routers' user authorities; an account joins it
 * when the trader's side pays it outside any pool (a router's intermediate account, a temporary
 * account) or when a pool pays it. In a hop, a transfer authorized by the trader's side is taken by
 * the venue (the pool and the venue's own fee accounts); a transfer from the venue into the
 * trader's side, or into a temporary account, is paid. A pool that pays SOL from its own balance
 * (a bonding curve selling) paid what its balance fell, when it is in no other hop. Tips, third
 * parties' fees and rent move outside the hops and are not part of any trade.
 */
final class VenueFlows {

  /** Programs that move funds on others' behalf: a transfer they make belongs to whoever called them. */
  private static final Set<String> SERVICE_PROGRAMS = Set.of(Transfers.SYSTEM_PROGRAM, Transfers.TOKEN_PROGRAM,
      Transfers.TOKEN_2022_PROGRAM, "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL",
      "ComputeBudget111111111111111111111111111111", "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr",
      "Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo");

  private final TokenAccounts accounts;
  private final BalanceChanges balances;
  /** trader's side: account → the trader (signer or route authority) it acts for */
  private final Map<String, String> traderOf = new LinkedHashMap<>();
  /** trader → mint → what the venues paid minus what they took */
  private final Map<String, Map<String, BigInteger>> netByTrader = new LinkedHashMap<>();
  private final Map<String, Integer> hopsByPool = new HashMap<>();
  private final List<Payout> payouts = new ArrayList<>();
  private final Set<Uncertainty> uncertain = EnumSet.noneOf(Uncertainty.class);
  private boolean moved;

  private VenueFlows(TokenAccounts accounts, BalanceChanges balances) {
    this.accounts = accounts;
    this.balances = balances;
  }

  static VenueFlows of(List<Instruction> instructions, BalanceChanges balances, Collection<String> signers,
      List<String> routeAuthorities) {
    VenueFlows flows = new VenueFlows(balances.tokenAccounts(), balances);
    signers.forEach(signer -> flows.traderOf.put(signer, signer));
    routeAuthorities.forEach(authority -> flows.traderOf.putIfAbsent(authority, authority));
    int[] hopOf = hops(instructions);
    List<Transfer> legs = new ArrayList<>();
    int hop = -1;
    for (int i = 0; i < instructions.size(); i++) {
      Transfer transfer = Transfers.of(instructions.get(i));
      if (transfer == null) {
        continue;
      }
      if (hopOf[i] != hop) {
        flows.hop(legs, hop >= 0 && Venues.isPool(instructions.get(hop).program()));
        legs.clear();
        hop = hopOf[i];
      }
      if (hop >= 0) {
        legs.add(transfer);
      } else {
        flows.outsideHops(transfer);
      }
    }
    flows.hop(legs, hop >= 0 && Venues.isPool(instructions.get(hop).program()));
    flows.payouts.forEach(flows::pay);
    return flows;
  }

  /**
   * For each instruction, the hop it runs in (-1: none). A hop is a call into a known pool, or into
   * an unknown program outside any pool, which may be a pool not yet named; routers, front ends and
   * the programs that move funds for others (System, Token, associated accounts) make no hop.
   */
  private static int[] hops(List<Instruction> instructions) {
    int[] hopOf = new int[instructions.size()];
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      int callerHop = instruction.caller() >= 0 ? hopOf[instruction.caller()] : -1;
      Venues.Venue venue = Venues.of(instruction.program());
      boolean inPool = callerHop >= 0 && Venues.isPool(instructions.get(callerHop).program());
      if (venue != null) {
        hopOf[i] = venue.role() == Venues.Role.POOL ? i : -1;
      } else if (SERVICE_PROGRAMS.contains(instruction.program()) || inPool) {
        hopOf[i] = callerHop;
      } else {
        hopOf[i] = i;
      }
    }
    return hopOf;
  }

  /** What the venues paid to (positive) or took from (negative) a trader, by mint. */
  Map<String, BigInteger> of(String trader) {
    return netByTrader.getOrDefault(trader, Map.of());
  }

  /** {@link #of} the trader, plus the flows of every party that is not one of the traders. */
  Map<String, BigInteger> ofSoleTrader(String trader, Collection<String> traders) {
    Map<String, BigInteger> merged = new LinkedHashMap<>(of(trader));
    netByTrader.forEach((party, net) -> {
      if (!traders.contains(party)) {
        net.forEach((mint, amount) -> merged.merge(mint, amount, BigInteger::add));
      }
    });
    return merged;
  }

  /** Whether any known pool moved funds in this transaction. */
  boolean venuesMoved() {
    return moved;
  }

  Set<Uncertainty> uncertain() {
    return uncertain;
  }

  private void outsideHops(Transfer transfer) {
    String trader = traderOf.get(transfer.authority());
    if (trader != null) {
      traderOf.putIfAbsent(accounts.holder(transfer.destination()), trader);
    }
  }

  /** The legs of one hop; an unknown program counts only when it both took and paid, as a pool does. */
  private void hop(List<Transfer> legs, boolean knownPool) {
    if (legs.isEmpty()) {
      return;
    }
    List<Transfer> taken = new ArrayList<>();
    List<Transfer> paid = new ArrayList<>();
    for (Transfer leg : legs) {
      if (traderOf.containsKey(leg.authority())) {
        taken.add(leg);
      } else if (isPaidToTraderSide(leg)) {
        paid.add(leg);
      }
    }
    if (!knownPool && (taken.isEmpty() || paid.isEmpty())) {
      return;
    }
    String trader = !taken.isEmpty() ? traderOf.get(taken.get(0).authority())
        : !paid.isEmpty() ? traderOf.get(accounts.holder(paid.get(0).destination())) : null;
    if (trader == null) {
      uncertain.add(Uncertainty.UNRESOLVED_HOP);
      return;
    }
    moved = true;
    Map<String, BigInteger> net = netByTrader.computeIfAbsent(trader, t -> new LinkedHashMap<>());
    for (Transfer leg : taken) {
      String pool = accounts.holder(leg.destination());
      hopsByPool.merge(pool, 1, Integer::sum);
      add(net, leg, BigInteger::negate);
    }
    for (Transfer leg : paid) {
      hopsByPool.merge(accounts.holder(leg.source()), 1, Integer::sum);
      add(net, leg, amount -> amount);
      traderOf.putIfAbsent(accounts.holder(leg.destination()), trader);
    }
    List<String> pools = taken.stream().map(leg -> accounts.holder(leg.destination())).distinct().toList();
    if (paid.isEmpty() && pools.size() == 1) {
      payouts.add(new Payout(trader, pools.get(0)));
    }
  }

  /** Paid by the venue to the trader's side, or to a temporary token account (only a trader's can be). */
  private boolean isPaidToTraderSide(Transfer leg) {
    String holder = accounts.holder(leg.destination());
    if (holder.equals(accounts.holder(leg.source()))) {
      return false;
    }
    return traderOf.containsKey(holder) || (!leg.lamports() && !accounts.isListed(leg.destination()));
  }

  private void add(Map<String, BigInteger> net, Transfer leg, UnaryOperator<BigInteger> sign) {
    String mint = leg.mint() != null ? leg.mint()
        : accounts.mint(leg.source()) != null ? accounts.mint(leg.source()) : accounts.mint(leg.destination());
    if (mint == null) {
      uncertain.add(Uncertainty.UNRESOLVED_HOP);
      return;
    }
    net.merge(mint, sign.apply(leg.amount()), BigInteger::add);
  }

  /** A pool that took the trader's tokens and paid no transfer: what its own SOL balance fell by. */
  private void pay(Payout payout) {
    long change = balances.lamportChange(payout.pool());
    if (change >= 0) {
      return;
    }
    if (hopsByPool.getOrDefault(payout.pool(), 0) > 1) {
      uncertain.add(Uncertainty.SHARED_PAYOUT);
      return;
    }
    netByTrader.get(payout.trader()).merge(Mints.SOL, BigInteger.valueOf(-change), BigInteger::add);
  }

  private record Payout(String trader, String pool) {
  }
}
