package io.swapflush.event;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Hands an immutable record between verticles of one Vert.x instance as it is, typed; for replies
 * that never leave the process (status queries), so it has no wire form.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {

  private final Class<T> type;

  private LocalCodec(Class<T> type) {
    this.type = type;
  }

  /** Registers the codec as the default for {@code type}; safe to call more than once. */
  public static <T> void registerOn(Vertx vertx, Class<T> type) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new LocalCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    throw new UnsupportedOperationException(type.getSimpleName() + " is not sent across processes");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(type.getSimpleName() + " is not sent across processes");
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return "swapflush.local." + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
