package io.swapflush.parse;

import io.swapflush.event.Uncertainty;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The venue's side of the trades: what the hops ({@link Hops}) took from and paid to each trader, by
 * mint, from the transfers made inside them (a token minted to the trader or burnt from it counts
 * as paid or taken).
 *
 * <p>The trader's side starts as the signers and the routers' user authorities; an account joins it
 * when the trader's side pays it outside any hop (a router's intermediate account, a temporary
 * account) or when a hop pays it. In a hop, a transfer authorized by the trader's side is taken by
 * the venue (the pool and the venue's own fee accounts); a transfer from the venue into the trader's
 * side, or into a temporary account, is paid. A request-for-quote maker's transfers are the venue's,
 * though it signs. SOL sent to an account the transaction creates is its rent, not a price. A pool
 * that pays SOL from its own balance (a bonding curve selling) paid what its balance fell, when it
 * is in no other hop. Tips, third parties' fees, rent and remainders are no part of any trade.
 */
final class VenueFlows {

  private final TokenAccounts accounts;
  private final BalanceChanges balances;
  /** trader's side: account → the trader (signer or route authority) it acts for */
  private final Map<String, String> traderOf = new LinkedHashMap<>();
  private final Map<String, TraderFlows> flowsByTrader = new LinkedHashMap<>();
  private final Set<String> signers;
  private final Map<String, Integer> hopsByPool = new HashMap<>();
  private final List<Payout> payouts = new ArrayList<>();
  private final Set<Uncertainty> uncertain = EnumSet.noneOf(Uncertainty.class);
  /** hop → the trade events its venue emitted to itself inside it */
  private final Map<Integer, List<Instruction>> eventsByHop;
  private final Hops hops;
  /** top-level instruction → the first known pool whose swap traded under it, in the order they traded */
  private final Map<Integer, Venue> poolByTopLevel = new LinkedHashMap<>();
  private boolean moved;

  private VenueFlows(TokenAccounts accounts, BalanceChanges balances, Hops hops,
      Map<Integer, List<Instruction>> eventsByHop, Set<String> signers) {
    this.accounts = accounts;
    this.hops = hops;
    this.signers = signers;
    this.balances = balances;
    this.eventsByHop = eventsByHop;
  }

  static VenueFlows of(List<Instruction> instructions, BalanceChanges balances, Set<String> signers,
      List<String> routeAuthorities) {
    Hops hops = Hops.of(instructions);
    VenueFlows flows = new VenueFlows(balances.tokenAccounts(), balances, hops, tradeEvents(instructions, hops),
        signers);
    NewAccounts newAccounts = NewAccounts.of(instructions);
    signers.forEach(signer -> flows.traderOf.put(signer, signer));
    routeAuthorities.forEach(authority -> flows.traderOf.putIfAbsent(authority, authority));
    flows.uncertain.addAll(hops.uncertain());
    List<Transfer> legs = new ArrayList<>();
    Set<Integer> withLegs = new HashSet<>();
    int hop = Hops.NONE;
    for (int i = 0; i < instructions.size(); i++) {
      Transfer transfer = Transfers.of(instructions.get(i));
      if (transfer == null || hops.hopOf(i) == Hops.EXCLUDED || newAccounts.isRent(transfer, i)) {
        continue;
      }
      if (hops.hopOf(i) != hop) {
        flows.hop(legs, hop, instructions);
        legs.clear();
        hop = hops.hopOf(i);
      }
      if (hop >= 0) {
        legs.add(transfer);
        withLegs.add(hop);
      } else {
        flows.outsideHops(transfer);
      }
    }
    flows.hop(legs, hop, instructions);
    for (int i = 0; i < instructions.size(); i++) {
      if (hops.isPoolSwap(i) && !withLegs.contains(i)) {
        // a swap whose transfers ran outside it: a node that records no stackHeight flattens a route
        flows.uncertain.add(Uncertainty.UNRESOLVED_HOP);
      }
    }
    flows.payouts.forEach(flows::pay);
    return flows;
  }

  private static Map<Integer, List<Instruction>> tradeEvents(List<Instruction> instructions, Hops hops) {
    Map<Integer, List<Instruction>> eventsByHop = new HashMap<>();
    for (int i = 0; i < instructions.size(); i++) {
      if (hops.isEvent(i) && hops.hopOf(i) >= 0 && TradeEvents.reads(instructions.get(i).program())) {
        eventsByHop.computeIfAbsent(hops.hopOf(i), h -> new ArrayList<>()).add(instructions.get(i));
      }
    }
    return eventsByHop;
  }

  /** What the venues paid to (positive) or took from (negative) a trader, by instruction and mint. */
  TraderFlows of(String trader) {
    return flowsByTrader.getOrDefault(trader, new TraderFlows());
  }

  /**
   * {@link #of} the trader, plus the flows of every party that is not a signer: the route
   * authorities and accounts that acted for the one trader there is (a signer that did not trade
   * keeps its own flows).
   */
  TraderFlows ofSoleTrader(String trader) {
    TraderFlows merged = new TraderFlows();
    merged.addAll(of(trader));
    flowsByTrader.forEach((party, flows) -> {
      if (!party.equals(trader) && !signers.contains(party)) {
        merged.addAll(flows);
      }
    });
    return merged;
  }

  /** Whether any hop moved funds in this transaction. */
  boolean venuesMoved() {
    return moved;
  }

  /**
   * The venue of a trade made by top-level instruction {@code instruction} (-1: the transaction's):
   * the router whose swap ran there, else the first known pool that traded there, else the same for
   * the whole transaction, else unknown.
   */
  String venue(int instruction) {
    Venue venue = hops.routerOf(instruction) != null ? hops.routerOf(instruction) : poolByTopLevel.get(instruction);
    if (venue == null) {
      venue = hops.router() != null ? hops.router() : poolByTopLevel.values().stream().findFirst().orElse(null);
    }
    return venue == null ? Venues.UNKNOWN : venue.name();
  }

  Set<Uncertainty> uncertain() {
    return uncertain;
  }

  private void outsideHops(Transfer transfer) {
    String trader = traderOf.get(transfer.authority());
    if (trader != null && transfer.betweenAccounts()) {
      traderOf.putIfAbsent(accounts.holder(transfer.destination()), trader);
    }
  }

  /** The legs of one hop; a hop that is not a known pool's swap counts only when it both took and paid. */
  private void hop(List<Transfer> legs, int hop, List<Instruction> instructions) {
    if (legs.isEmpty() || hop < 0) {
      return;
    }
    String maker = hops.makerOf(hop);
    List<Transfer> taken = new ArrayList<>();
    List<Transfer> paid = new ArrayList<>();
    List<Transfer> paidElsewhere = new ArrayList<>();
    for (Transfer leg : legs) {
      boolean byTrader = !leg.authority().equals(maker) && traderOf.containsKey(leg.authority());
      if (byTrader && leg.kind() != Transfer.Kind.MINT) {
        taken.add(leg);
      } else if (!byTrader && leg.kind() != Transfer.Kind.BURN) {
        (isPaidToTraderSide(leg, maker) ? paid : paidElsewhere).add(leg);
      }
    }
    boolean poolSwap = hops.isPoolSwap(hop);
    boolean deliveredElsewhere = paid.isEmpty() && !taken.isEmpty() && hops.isLastPoolSwap(hop);
    if (deliveredElsewhere) {
      paid = deliveredElsewhere(taken, paidElsewhere);
    }
    if (!poolSwap && (taken.isEmpty() || paid.isEmpty())) {
      return;
    }
    String trader = !taken.isEmpty() ? traderOf.get(taken.get(0).authority())
        : !paid.isEmpty() ? traderOf.get(accounts.holder(paid.get(0).destination())) : null;
    if (trader == null) {
      uncertain.add(Uncertainty.UNRESOLVED_HOP);
      return;
    }
    moved = true;
    crossCheck(instructions.get(hop), eventsByHop.getOrDefault(hop, List.of()), taken, paid);
    if (poolSwap) {
      poolByTopLevel.putIfAbsent(hops.topLevelOf(hop), Venues.of(instructions.get(hop).program()));
    }
    TraderFlows flows = flowsByTrader.computeIfAbsent(trader, t -> new TraderFlows());
    int topLevel = hops.topLevelOf(hop);
    for (Transfer leg : taken) {
      hopsByPool.merge(accounts.holder(leg.destination()), 1, Integer::sum);
      add(flows, topLevel, leg, leg.amount().negate());
    }
    for (Transfer leg : paid) {
      hopsByPool.merge(accounts.holder(leg.source()), 1, Integer::sum);
      add(flows, topLevel, leg, leg.amount());
      if (!deliveredElsewhere) {
        traderOf.putIfAbsent(accounts.holder(leg.destination()), trader);
      }
    }
    List<String> pools = taken.stream().map(leg -> accounts.holder(leg.destination())).distinct().toList();
    if (paid.isEmpty() && pools.size() == 1) {
      payouts.add(new Payout(trader, pools.get(0), topLevel));
    }
  }

  /**
   * The last swap of an instruction that took the trader's tokens and paid nothing to the trader's
   * side paid someone else: the output sent straight to another wallet (a router's or the trader's
   * own destination). What the pool paid of the mints it did not take is the trade's other side. (An
   * earlier hop's output goes to the route's next hop, through accounts the route may own.)
   */
  private List<Transfer> deliveredElsewhere(List<Transfer> taken, List<Transfer> paidElsewhere) {
    Set<String> takenMints = new HashSet<>();
    taken.forEach(leg -> takenMints.add(mintOf(leg)));
    return paidElsewhere.stream()
        .filter(leg -> mintOf(leg) != null && !takenMints.contains(mintOf(leg)) && leg.kind() != Transfer.Kind.MINT)
        .toList();
  }

  /** A hop's transfers of the traded token against what the venue's own trade event says of them. */
  private void crossCheck(Instruction swap, List<Instruction> events, List<Transfer> taken, List<Transfer> paid) {
    for (Instruction event : events) {
      TradeEvents.Claim claim = TradeEvents.of(swap, event);
      if (claim == null) {
        continue;
      }
      BigInteger transferred = (claim.paid() ? paid : taken).stream()
          .filter(leg -> claim.mint().equals(mintOf(leg))).map(Transfer::amount).reduce(BigInteger.ZERO, BigInteger::add);
      if (!transferred.equals(claim.amount())) {
        uncertain.add(Uncertainty.EVENT_MISMATCH);
      }
    }
  }

  /**
   * Paid by the venue to the trader's side, or by a pool to a temporary token account (only a
   * trader's can be: a pool's accounts outlive the transaction; a maker's may not).
   */
  private boolean isPaidToTraderSide(Transfer leg, String maker) {
    String holder = accounts.holder(leg.destination());
    if (holder.equals(accounts.holder(leg.source())) || holder.equals(maker)) {
      return false;
    }
    boolean temporary = !leg.lamports() && !accounts.isListed(leg.destination()) && !leg.authority().equals(maker);
    return traderOf.containsKey(holder) || temporary;
  }

  private String mintOf(Transfer leg) {
    return leg.mint() != null ? leg.mint()
        : accounts.mint(leg.source()) != null ? accounts.mint(leg.source()) : accounts.mint(leg.destination());
  }

  private void add(TraderFlows flows, int topLevel, Transfer leg, BigInteger amount) {
    String mint = mintOf(leg);
    if (mint == null) {
      uncertain.add(Uncertainty.UNRESOLVED_HOP);
      return;
    }
    flows.add(topLevel, mint, amount);
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
    flowsByTrader.get(payout.trader()).add(payout.topLevel(), Mints.SOL, BigInteger.valueOf(-change));
  }

  private record Payout(String trader, String pool, int topLevel) {
  }
}
