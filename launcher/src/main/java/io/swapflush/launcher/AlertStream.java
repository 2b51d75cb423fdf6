package io.swapflush.launcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.event.AlertRetraction;
import io.swapflush.event.LocalCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /alerts/stream}: the alerts as Server-Sent Events, live, for dashboards. Each event's
 * id is the alert message's ({@code <alert id>.<slot>}); a client that comes back with
 * {@code Last-Event-ID} (or {@code ?lastEventId=}) first gets what came after it — from the last
 * {@code kept} alerts in memory, or from {@code swap_alerts} when it is older than those — then the
 * live ones, none missed in between (at least once: an alert of the same millisecond may come twice).
 * A client that cannot keep up is closed, not waited for. On the HTTP server's event loop.
 */
final class AlertStream {

  private static final long KEEP_ALIVE_MS = 15_000;
  private static final int STORED_AT_ONCE = 10_000;
  private static final long DATABASE_TIMEOUT_MS = 10_000;

  /** What came after an alert, as stored, oldest first; alerts of the same millisecond included. */
  private static final String STORED_AFTER = """
      SELECT id, slot, alert::text FROM swap_alerts
      WHERE fired_at >= (SELECT fired_at FROM swap_alerts WHERE id = $1) AND NOT (id = $1 AND slot = $2)
        AND retracted_at IS NULL
      ORDER BY fired_at, id LIMIT $3""";

  private final Vertx vertx;
  private final Pool pool;
  private final int kept;
  private final ArrayDeque<Alert> recent = new ArrayDeque<>();
  private final List<Client> clients = new ArrayList<>();
  private final AtomicInteger connected = new AtomicInteger();
  private final Counter dropped;
  private final MessageConsumer<Alert> alerts;
  private final MessageConsumer<AlertRetraction> retractions;
  private final long keepAlive;
  private final int maxUnsent;

  AlertStream(Vertx vertx, Pool pool, int kept, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.kept = kept;
    this.maxUnsent = STORED_AT_ONCE + kept;
    Gauge.builder("swap.alert.stream.clients", connected, AtomicInteger::get)
        .description("Clients of GET /alerts/stream").register(registry);
    this.dropped = Counter.builder("swap.alert.stream.dropped")
        .description("Clients of GET /alerts/stream closed because they could not keep up").register(registry);
    LocalCodec.registerOn(vertx, Alert.class);
    LocalCodec.registerOn(vertx, AlertRetraction.class);
    alerts = vertx.eventBus().localConsumer(Addresses.ALERTS, message -> fired(message.body()));
    retractions = vertx.eventBus().localConsumer(Addresses.ALERT_RETRACTIONS, message -> retract(message.body()));
    keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, id -> List.copyOf(clients).forEach(c -> c.send(": keep-alive\n\n")));
  }

  private static String messageId(Alert alert) {
    return alert.id() + "." + alert.slot();
  }

  private static String alertEvent(String messageId, String json) {
    return "id: " + messageId + "\nevent: alert\ndata: " + json + "\n\n";
  }

  private void fired(Alert alert) {
    recent.addLast(alert);
    if (recent.size() > kept) {
      recent.removeFirst();
    }
    String event = alertEvent(messageId(alert), alert.json());
    List.copyOf(clients).forEach(client -> client.live(messageId(alert), event));
  }

  private void retract(AlertRetraction retraction) {
    for (Iterator<Alert> kept = recent.iterator(); kept.hasNext(); ) {
      Alert alert = kept.next();
      if (retraction.covers(alert)) {
        kept.remove(); // a client resuming later is not given it again
        String data = new JsonObject().put("id", alert.id()).put("rule", alert.rule()).put("mint", alert.mint())
            .put("signature", alert.signature()).put("slot", alert.slot()).encode();
        String id = messageId(alert) + ".retracted";
        String event = "id: " + id + "\nevent: retraction\ndata: " + data + "\n\n";
        List.copyOf(clients).forEach(client -> client.live(id, event));
      }
    }
  }

  void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response().setChunked(true)
        .putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no");
    String lastEventId = request.getHeader("last-event-id");
    if (lastEventId == null) {
      lastEventId = request.getParam("lastEventId");
    }
    Client client = new Client(response, lastEventId != null);
    clients.add(client);
    connected.incrementAndGet();
    response.closeHandler(v -> client.gone());
    client.send("retry: 2000\n\n");
    if (lastEventId != null) {
      resumeAfter(client, lastEventId);
    }
  }

  /** Sends what came after {@code lastEventId}, then lets the live alerts through. */
  private void resumeAfter(Client client, String lastEventId) {
    List<Alert> inMemory = new ArrayList<>(recent);
    for (int i = 0; i < inMemory.size(); i++) {
      if (messageId(inMemory.get(i)).equals(lastEventId)) {
        inMemory.subList(i + 1, inMemory.size()).forEach(a -> client.send(alertEvent(messageId(a), a.json())));
        client.caughtUp(inMemory.subList(i + 1, inMemory.size()).stream().map(AlertStream::messageId).toList());
        return;
      }
    }
    int dot = lastEventId.lastIndexOf('.');
    long slot;
    try {
      slot = Long.parseLong(lastEventId.substring(dot + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      client.send(": Last-Event-ID " + lastEventId + " is not an alert message id; the last alerts follow\n\n");
      sendKept(client, new HashSet<>());
      return;
    }
    pool.preparedQuery(STORED_AFTER).execute(Tuple.of(lastEventId.substring(0, dot), slot, STORED_AT_ONCE))
        .timeout(DATABASE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          Set<String> sent = new HashSet<>();
          if (ar.failed()) {
            client.send(": the stored alerts could not be read (" + ar.cause().getMessage() + "); the last alerts"
                + " follow\n\n");
          } else {
            for (Row row : ar.result()) {
              String id = row.getString(0) + "." + row.getLong(1);
              client.send(alertEvent(id, row.getString(2)));
              sent.add(id);
            }
            if (sent.size() == STORED_AT_ONCE) {
              client.end(); // it comes back with the last of these for the next part
              return;
            }
          }
          sendKept(client, sent);
        });
  }

  /** The alerts kept in memory not in {@code sent} (the newest are not stored yet), then the live ones. */
  private void sendKept(Client client, Set<String> sent) {
    for (Alert alert : List.copyOf(recent)) {
      if (sent.add(messageId(alert))) {
        client.send(alertEvent(messageId(alert), alert.json()));
      }
    }
    client.caughtUp(sent);
  }

  Future<Void> close() {
    vertx.cancelTimer(keepAlive);
    List.copyOf(clients).forEach(client -> client.response.reset());
    return Future.join(alerts.unregister(), retractions.unregister()).mapEmpty();
  }

  /**
   * One connection: while it catches up, the live events wait, so that none is missed in between;
   * what it has not taken yet is held up to a bound, past which it is closed (it comes back with its
   * Last-Event-ID) rather than let it hold the stream's memory.
   */
  private final class Client {
    private final HttpServerResponse response;
    private final ArrayDeque<String> unsent = new ArrayDeque<>();
    private List<String[]> held;
    private boolean open = true;
    private boolean endWhenSent;

    Client(HttpServerResponse response, boolean catchingUp) {
      this.response = response;
      this.held = catchingUp ? new ArrayList<>() : null;
      response.drainHandler(v -> flush());
    }

    void live(String id, String event) {
      if (held == null) {
        send(event);
      } else if (held.size() < maxUnsent) {
        held.add(new String[] {id, event});
      } else {
        tooSlow();
      }
    }

    void caughtUp(Collection<String> sent) {
      Set<String> already = Set.copyOf(sent);
      List<String[]> waiting = held;
      held = null;
      waiting.stream().filter(e -> !already.contains(e[0])).forEach(e -> send(e[1]));
    }

    void send(String event) {
      if (!open) {
        return;
      }
      if (unsent.size() >= maxUnsent) {
        tooSlow();
        return;
      }
      unsent.add(event);
      flush();
    }

    /** Ends the response once what it was given is written. */
    void end() {
      endWhenSent = true;
      flush();
    }

    private void flush() {
      while (open && !unsent.isEmpty() && !response.writeQueueFull()) {
        response.write(unsent.poll());
      }
      if (open && unsent.isEmpty() && endWhenSent) {
        gone();
        response.end();
      }
    }

    private void tooSlow() {
      dropped.increment();
      gone();
      response.reset();
    }

    void gone() {
      if (open) {
        open = false;
        unsent.clear();
        clients.remove(this);
        connected.decrementAndGet();
      }
    }
  }
}
