package io.swapflush.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.event.AlertRetraction;
import io.swapflush.event.InstanceName;
import io.swapflush.event.LocalCodec;
import io.swapflush.support.RateLimitedWarnings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the processor's alerts to their destinations at once, from memory, at least once: the
 * flusher stores each alert with its transaction, this verticle writes what each destination had,
 * and whatever an instance that is gone (its heartbeat stopped) left undelivered, this one takes
 * over and delivers; so does a restart. A fork's rewind withdraws alerts: those not yet sent never
 * go, those delivered are followed by a retraction. On its own event loop: the processing loop
 * only publishes.
 */
public final class AlertDeliveryVerticle extends VerticleBase implements DeliveryQueue.Outcomes {

  private static final Logger log = LoggerFactory.getLogger(AlertDeliveryVerticle.class);
  private static final long MARKS_EVERY_MS = 200;
  private static final long STATUS_EVERY_MS = 1000;
  private static final long DATABASE_TIMEOUT_MS = 10_000;
  private static final int RECOVER_AT_ONCE = 500;
  /** Retractions are kept possible for the last this many delivered alerts; older ones go through the database. */
  private static final int RECENT_KEPT = 10_000;

  private final AlertSettings settings;
  private final PgConnectOptions database;
  private final MeterRegistry registry;
  private final String instance = InstanceName.ofThisProcess();
  private final RateLimitedWarnings warnings = new RateLimitedWarnings(log, 10_000);
  private final Map<String, DeliveryQueue> queues = new LinkedHashMap<>();
  private final Map<String, DestinationSnapshot> snapshots = new ConcurrentHashMap<>();
  private final List<Destination> opened = new ArrayList<>();
  private final AlertBook book = new AlertBook(RECENT_KEPT);
  private final DeliveryMarks marks = new DeliveryMarks();
  private final Map<String, Long> deferredSinceMs = new LinkedHashMap<>();

  private Pool pool;
  private AlertStore store;
  private AlertMetrics metrics;
  private MessageConsumer<Alert> alerts;
  private MessageConsumer<AlertRetraction> retractions;
  private MessageConsumer<Object> status;
  private final List<Long> timers = new ArrayList<>();
  private boolean writingMarks;
  private boolean recovering;
  private volatile String recoveryError;

  public AlertDeliveryVerticle(AlertSettings settings, PgConnectOptions database, MeterRegistry registry) {
    this.settings = settings;
    this.database = database;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    LocalCodec.registerOn(vertx, Alert.class);
    LocalCodec.registerOn(vertx, AlertRetraction.class);
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(database).using(vertx).build();
    store = new AlertStore(pool, instance);
    for (DestinationSettings destination : settings.destinations()) {
      Destination open = destination.target().open(vertx, destination.delivery());
      opened.add(open);
      queues.put(destination.name(), new DeliveryQueue(vertx, destination, open, this,
          settings.keptPerDestination(), System::currentTimeMillis));
      snapshots.put(destination.name(), DestinationSnapshot.idle(destination.name(), destination.target().describe()));
    }
    metrics = new AlertMetrics(registry, List.copyOf(queues.keySet()), snapshots);
    alerts = vertx.eventBus().localConsumer(Addresses.ALERTS, message -> fired(message.body()));
    retractions = vertx.eventBus().localConsumer(Addresses.ALERT_RETRACTIONS, message -> retract(message.body()));
    status = vertx.eventBus().localConsumer(Addresses.ALERT_STATUS, query -> query.reply(status()));
    timers.add(vertx.setPeriodic(MARKS_EVERY_MS, id -> writeMarks()));
    timers.add(vertx.setPeriodic(STATUS_EVERY_MS, id -> publishSnapshots()));
    // the database may be away at start: recovery simply goes on trying, delivery does not wait for it
    timers.add(vertx.setPeriodic(0, recoveryEveryMs(), id -> recover()));
    log.info("Alert delivery as {} to {}", instance, settings.destinations().stream()
        .map(d -> d.name() + " (" + d.target().describe() + ")").toList());
    return Future.join(alerts.completion(), retractions.completion(), status.completion());
  }

  /** A third of the lease: two heartbeats may fail before another instance takes this one's alerts. */
  private long recoveryEveryMs() {
    return Math.max(100, settings.ownerLeaseMs() / 3);
  }

  private void fired(Alert alert) {
    TrackedAlert known = book.get(alert.id());
    if (known != null && !known.isRetracted()) {
      return; // fired again: its transaction was read again (a lead taken back, a replay)
    }
    // new, or its transaction landed again in the branch that replaced a withdrawn one: reinstated
    TrackedAlert tracked = new TrackedAlert(alert, Set.of(), false);
    book.add(tracked);
    for (DeliveryQueue queue : queues.values()) {
      if (queue.settings().wants(alert.rule())) {
        send(tracked, queue, AlertMessage.fired(alert));
      }
    }
    settleIfDone(tracked, System.currentTimeMillis());
  }

  private void send(TrackedAlert tracked, DeliveryQueue queue, AlertMessage message) {
    if (message.kind() == AlertMessage.Kind.FIRED) {
      tracked.sending(queue.name());
    } else {
      tracked.sendingRetraction(queue.name());
    }
    if (!queue.offer(message)) {
      tracked.deferred(queue.name());
      deferredSinceMs.putIfAbsent(queue.name(), message.alert().firedAtMs());
      metrics.outcome(queue.name(), "deferred").increment();
    }
  }

  private void retract(AlertRetraction retraction) {
    long now = System.currentTimeMillis();
    queues.values().forEach(queue -> queue.withdraw(retraction));
    for (TrackedAlert tracked : book.covered(retraction)) {
      for (String destination : tracked.retract()) {
        send(tracked, queues.get(destination), AlertMessage.retracted(tracked.alert(), now));
      }
      settleIfDone(tracked, now);
    }
  }

  @Override
  public void delivered(DeliveryQueue queue, AlertMessage message, long nowMs) {
    TrackedAlert tracked = book.get(message.alert().id());
    if (tracked == null) {
      return; // never while it runs; a callback must not break the queue it comes from
    }
    if (message.kind() == AlertMessage.Kind.FIRED) {
      metrics.outcome(queue.name(), "delivered").increment();
      metrics.latency(queue.name(), message.receivedNanos() > 0 ? System.nanoTime() - message.receivedNanos()
          : (nowMs - message.alert().firedAtMs()) * 1_000_000);
      tracked.delivered(queue.name());
      if (tracked.isRetracted()) {
        // withdrawn while it was on its way
        send(tracked, queue, AlertMessage.retracted(tracked.alert(), nowMs));
      }
      marks.delivered(tracked.alert().id(), queue.name(), tracked.isSettled(), nowMs);
    } else {
      metrics.outcome(queue.name(), "retraction-delivered").increment();
      tracked.retractionDelivered(queue.name());
      marks.retractionDelivered(tracked.alert().id(), queue.name(), tracked.isSettled(), nowMs);
    }
    book.update(tracked);
  }

  @Override
  public void failed(DeliveryQueue queue, AlertMessage message, String reason) {
    metrics.retried(queue.name());
    warnings.warn("Alert destination " + queue.name() + " did not take " + message.id() + " (" + reason
        + "); trying again after a pause");
  }

  @Override
  public void dropped(DeliveryQueue queue, AlertMessage message, String outcome, String reason) {
    metrics.outcome(queue.name(), outcome).increment();
    if (!outcome.equals("withdrawn")) {
      warnings.warn("Alert " + message.id() + " not delivered to " + queue.name() + ": " + reason);
    }
    TrackedAlert tracked = book.get(message.alert().id());
    if (tracked == null) {
      return;
    }
    tracked.givenUp(queue.name());
    settleIfDone(tracked, System.currentTimeMillis());
  }

  @Override
  public boolean withdrawn(AlertMessage message) {
    TrackedAlert tracked = book.get(message.alert().id());
    return tracked != null && tracked.isRetracted();
  }

  private void settleIfDone(TrackedAlert tracked, long nowMs) {
    if (tracked.isSettled()) {
      marks.settled(tracked.alert().id(), nowMs);
    }
    book.update(tracked);
  }

  /** What destinations had goes to the database a few times a second, in one statement. */
  private void writeMarks() {
    if (writingMarks || marks.isEmpty()) {
      return;
    }
    writingMarks = true;
    List<DeliveryMarks.Mark> taken = marks.take();
    store.mark(taken)
        .timeout(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onSuccess(found -> {
          int dropped = marks.notStored(taken, found, System.currentTimeMillis());
          if (dropped > 0) {
            warnings.warn(dropped + " delivery marks dropped: their alerts were never stored (a fenced write)");
          }
        })
        .onFailure(e -> {
          marks.notWritten(taken);
          warnings.warn("Delivery state not written, will retry: " + e.getMessage());
        })
        .onComplete(ar -> writingMarks = false);
  }

  /**
   * Renews this instance's claim, gives up what is past every destination's age, and takes what is
   * left to deliver: alerts of instances that are gone, and its own it does not hold (a destination
   * was full, or a fork withdrew them after they were delivered).
   */
  private void recover() {
    if (recovering) {
      return;
    }
    recovering = true;
    long maxAgeMs = settings.destinations().stream().mapToLong(d -> d.delivery().maxAgeMs()).max().orElse(0);
    boolean room = queues.values().stream().allMatch(DeliveryQueue::hasRoom);
    Future<Void> round = store.heartbeat(settings.ownerLeaseMs())
        .compose(v -> queues.isEmpty() ? Future.succeededFuture(0L) : store.expire(maxAgeMs))
        .compose(expired -> {
          metrics.expiredStored.increment(expired);
          return room && !queues.isEmpty() ? store.claimOrphans(maxAgeMs, RECOVER_AT_ONCE)
              : Future.succeededFuture(List.<StoredAlert>of());
        })
        .compose(orphans -> {
          metrics.recovered.increment(orphans.size());
          if (!orphans.isEmpty()) {
            log.info("Took over {} undelivered alerts of instances that are gone", orphans.size());
          }
          take(orphans);
          Set<String> held = new HashSet<>(book.openIds());
          held.addAll(marks.ids());
          return room && !queues.isEmpty()
              ? store.mine(maxAgeMs, settings.ownerLeaseMs(), held, RECOVER_AT_ONCE)
              : Future.succeededFuture(List.<StoredAlert>of());
        })
        .map(mine -> {
          take(mine);
          if (mine.isEmpty() && room) {
            deferredSinceMs.clear(); // what waited in the database has been read back
          }
          return null;
        });
    round.timeout(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onSuccess(v -> recoveryError = null)
        .onFailure(e -> {
          recoveryError = e.getMessage();
          warnings.warn("Alert recovery could not reach the database (" + e.getMessage() + "); delivery from memory"
              + " goes on");
        })
        .onComplete(ar -> recovering = false);
  }

  /** Stored alerts to finish: their fired message to destinations that lack it, or their withdrawal. */
  private void take(List<StoredAlert> stored) {
    long now = System.currentTimeMillis();
    for (StoredAlert row : stored) {
      if (book.knows(row.alert().id())) {
        continue;
      }
      TrackedAlert tracked = new TrackedAlert(row.alert(), row.delivered(), row.retracted());
      book.add(tracked);
      for (DeliveryQueue queue : queues.values()) {
        String name = queue.name();
        if (row.retracted()) {
          if (row.delivered().contains(name) && !row.retractionDelivered().contains(name)) {
            send(tracked, queue, AlertMessage.retracted(row.alert(), now));
          }
        } else if (queue.settings().wants(row.alert().rule()) && !row.delivered().contains(name)) {
          send(tracked, queue, AlertMessage.fired(row.alert()));
        }
      }
      settleIfDone(tracked, now);
    }
  }

  private void publishSnapshots() {
    long now = System.currentTimeMillis();
    for (DeliveryQueue queue : queues.values()) {
      long oldest = queue.oldestFiredAtMs();
      Long deferred = deferredSinceMs.get(queue.name());
      if (deferred != null) {
        oldest = oldest < 0 ? deferred : Math.min(oldest, deferred);
      }
      snapshots.put(queue.name(), new DestinationSnapshot(queue.name(), queue.settings().target().describe(),
          queue.pending(), oldest < 0 ? 0 : (now - oldest) / 1000.0, queue.failingSinceMs(), queue.lastError(), now));
    }
  }

  private JsonObject status() {
    JsonArray destinations = new JsonArray();
    snapshots.values().forEach(s -> destinations.add(s.toJson()
        .put("failing", s.failingSeconds() * 1000 > settings.failingAfterMs())));
    return new JsonObject().put("instance", instance).put("destinations", destinations)
        .put("failingAfterMs", settings.failingAfterMs()).put("recoveryError", recoveryError);
  }

  /**
   * Stops sending and writes what destinations had; the rest stays in the database, and this
   * instance is marked gone so that its restart (or another instance) delivers it at once.
   */
  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    queues.values().forEach(DeliveryQueue::close);
    return Future.join(alerts.unregister(), retractions.unregister(), status.unregister())
        .compose(v -> marks.isEmpty() ? Future.succeededFuture(Set.<String>of()) : store.mark(marks.take()))
        .compose(v -> store.gone())
        .timeout(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onFailure(e -> log.warn("Alert delivery stopped without writing its last state ({}): its alerts are"
            + " delivered again after its lease", e.getMessage()))
        .transform(ar -> Future.join(opened.stream().map(Destination::close).toList()))
        .eventually(() -> pool.close())
        .onComplete(ar -> metrics.close());
  }
}
