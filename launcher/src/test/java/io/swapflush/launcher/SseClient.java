package io.swapflush.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;

/** A reader of {@code GET /alerts/stream} through OkHttp's Server-Sent Events client: keeps every event. */
final class SseClient extends EventSourceListener implements AutoCloseable {

  record Event(String id, String type, String data) {}

  private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ZERO).build();

  private final List<Event> events = new ArrayList<>();
  private final EventSource source;
  private volatile boolean open;
  private volatile Throwable failure;

  /** Connects to {@code port}, resuming after {@code lastEventId} when not null. */
  SseClient(int port, String lastEventId) {
    Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + port + "/alerts/stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    source = EventSources.createFactory(HTTP).newEventSource(request.build(), this);
  }

  @Override
  public void onOpen(EventSource eventSource, Response response) {
    open = true;
  }

  @Override
  public synchronized void onEvent(EventSource eventSource, String id, String type, String data) {
    events.add(new Event(id, type, data));
  }

  @Override
  public void onClosed(EventSource eventSource) {
    open = false;
  }

  @Override
  public void onFailure(EventSource eventSource, Throwable t, Response response) {
    open = false;
    failure = t != null ? t : new IllegalStateException("answered " + (response == null ? "nothing" : response.code()));
  }

  boolean isOpen() {
    return open;
  }

  Throwable failure() {
    return failure;
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  List<String> ids() {
    return events().stream().map(Event::id).toList();
  }

  @Override
  public void close() {
    source.cancel();
  }
}
