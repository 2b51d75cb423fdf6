package io.swapflush.processor.signal;

import io.swapflush.event.Addresses;
import io.swapflush.event.SwapEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;

/**
 * Counts into the rolling counters the events stored within the longest window, page by page from
 * the flusher, so that a reader taking a source over (a standby become leader, a restart) goes on
 * with the counts and alerts of the one before instead of from zero. Nothing fires while seeding.
 */
public final class CounterSeed {

  private static final int PAGE = 2_000;
  /** A page that does not come in this time (a locked table) leaves the counters at zero rather than the source waiting. */
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(10_000);

  private CounterSeed() {
  }

  /** Replaces what the counters hold; completes with the number of events counted. */
  public static Future<Long> into(Vertx vertx, MintCounters counters, List<WindowSpec> windows) {
    counters.clear();
    long windowMs = windows.stream().mapToLong(WindowSpec::lengthMs).max().orElse(0);
    return page(vertx, counters, windowMs, null, 0);
  }

  private static Future<Long> page(Vertx vertx, MintCounters counters, long windowMs, JsonObject after, long counted) {
    JsonObject ask = new JsonObject().put("windowMs", windowMs).put("after", after).put("limit", PAGE);
    return vertx.eventBus().<JsonObject>request(Addresses.RECENT_EVENTS, ask, ASK).compose(reply -> {
      JsonArray events = reply.body().getJsonArray("events");
      events.forEach(e -> {
        JsonObject event = (JsonObject) e;
        counters.record(swap(event), event.getLong("atMs"));
      });
      long total = counted + events.size();
      return events.size() < PAGE ? Future.succeededFuture(total)
          : page(vertx, counters, windowMs, reply.body().getJsonObject("after"), total);
    });
  }

  /** What the counters read of a stored event; the rest is not theirs to know. */
  private static SwapEvent swap(JsonObject e) {
    return new SwapEvent(e.getString("signature"), 0, null, "", e.getString("trader"), e.getString("baseMint"),
        e.getString("quoteMint"), SwapEvent.Side.ofLabel(e.getString("side")), BigInteger.ZERO,
        new BigInteger(e.getString("quoteAmount")), (short) 0, e.getInteger("quoteDecimals").shortValue());
  }
}
