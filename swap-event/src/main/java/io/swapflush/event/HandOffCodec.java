package io.swapflush.event;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Local delivery hands over the same immutable object (no copy); the wire form (for a clustered
 * event bus) is a compact length-prefixed binary encoding.
 */
public final class HandOffCodec implements MessageCodec<HandOff, HandOff> {

  public static final String NAME = "swapflush.hand-off";

  /** Registers this codec as the default for {@link HandOff}; safe to call more than once. */
  public static void registerOn(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(HandOff.class, new HandOffCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this Vert.x instance registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, HandOff message) {
    buffer.appendInt(message.transactions().size());
    message.transactions().forEach(tx -> encode(buffer, tx));
  }

  @Override
  public HandOff decodeFromWire(int pos, Buffer buffer) {
    Reader in = new Reader(buffer, pos);
    int count = in.intValue();
    List<TransactionEvents> transactions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      transactions.add(decode(in));
    }
    return new HandOff(transactions);
  }

  private static void encode(Buffer buffer, TransactionEvents message) {
    buffer.appendByte((byte) (message.source() == null ? 0 : 1));
    if (message.source() != null) {
      appendString(buffer, message.source());
    }
    buffer.appendLong(message.position());
    buffer.appendByte((byte) (message.cursor() == null ? 0 : 1));
    if (message.cursor() != null) {
      appendString(buffer, message.cursor());
    }
    buffer.appendByte((byte) (message.rewind() == null ? 0 : 1));
    if (message.rewind() != null) {
      Rewind rewind = message.rewind();
      buffer.appendLong(rewind.to().position());
      buffer.appendByte((byte) (rewind.to().cursor() == null ? 0 : 1));
      if (rewind.to().cursor() != null) {
        appendString(buffer, rewind.to().cursor());
      }
      buffer.appendLong(rewind.afterSlot()).appendLong(rewind.throughSlot());
    }
    buffer.appendLong(message.epoch());
    buffer.appendInt(message.size());
    for (SwapEvent e : message.events()) {
      appendString(buffer, e.signature());
      buffer.appendLong(e.slot());
      buffer.appendLong(e.blockTime() == null ? Long.MIN_VALUE : e.blockTime());
      appendString(buffer, e.venue());
      appendString(buffer, e.trader());
      appendString(buffer, e.baseMint());
      appendString(buffer, e.quoteMint());
      buffer.appendByte((byte) e.side().ordinal());
      appendBytes(buffer, e.baseAmount().toByteArray());
      appendBytes(buffer, e.quoteAmount().toByteArray());
      buffer.appendShort(e.baseDecimals());
      buffer.appendShort(e.quoteDecimals());
    }
    buffer.appendInt(message.alerts().size());
    for (Alert a : message.alerts()) {
      appendString(buffer, a.id());
      appendString(buffer, a.rule());
      appendString(buffer, a.mint());
      appendString(buffer, a.signature());
      buffer.appendLong(a.slot());
      buffer.appendByte((byte) (a.source() == null ? 0 : 1));
      if (a.source() != null) {
        appendString(buffer, a.source());
      }
      buffer.appendLong(a.firedAtMs()).appendLong(a.receivedNanos());
      appendString(buffer, a.json());
    }
  }

  private static TransactionEvents decode(Reader in) {
    String source = in.byteValue() == 0 ? null : in.string();
    long position = in.longValue();
    String cursor = in.byteValue() == 0 ? null : in.string();
    Rewind rewind = null;
    if (in.byteValue() != 0) {
      long to = in.longValue();
      String toCursor = in.byteValue() == 0 ? null : in.string();
      rewind = new Rewind(new SourceCheckpoint(to, toCursor), in.longValue(), in.longValue());
    }
    long epoch = in.longValue();
    int count = in.intValue();
    List<SwapEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String signature = in.string();
      long slot = in.longValue();
      long blockTime = in.longValue();
      events.add(new SwapEvent(signature, slot, blockTime == Long.MIN_VALUE ? null : blockTime,
          in.string(), in.string(), in.string(), in.string(),
          SwapEvent.Side.values()[in.byteValue()],
          new BigInteger(in.bytes()), new BigInteger(in.bytes()),
          in.shortValue(), in.shortValue()));
    }
    int alertCount = in.intValue();
    List<Alert> alerts = new ArrayList<>(alertCount);
    for (int i = 0; i < alertCount; i++) {
      String id = in.string();
      String rule = in.string();
      String mint = in.string();
      String signature = in.string();
      long slot = in.longValue();
      String alertSource = in.byteValue() == 0 ? null : in.string();
      alerts.add(new Alert(id, rule, mint, signature, slot, alertSource, in.longValue(), in.longValue(), in.string()));
    }
    return new TransactionEvents(source, position, cursor, events, rewind, epoch, alerts);
  }

  @Override
  public HandOff transform(HandOff message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }

  private static void appendString(Buffer buffer, String value) {
    appendBytes(buffer, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void appendBytes(Buffer buffer, byte[] bytes) {
    buffer.appendInt(bytes.length);
    buffer.appendBytes(bytes);
  }

  private static final class Reader {
    private final Buffer buffer;
    private int pos;

    Reader(Buffer buffer, int pos) {
      this.buffer = buffer;
      this.pos = pos;
    }

    long longValue() {
      long v = buffer.getLong(pos);
      pos += Long.BYTES;
      return v;
    }

    int intValue() {
      int v = buffer.getInt(pos);
      pos += Integer.BYTES;
      return v;
    }

    short shortValue() {
      short v = buffer.getShort(pos);
      pos += Short.BYTES;
      return v;
    }

    byte byteValue() {
      return buffer.getByte(pos++);
    }

    byte[] bytes() {
      int length = intValue();
      byte[] v = buffer.getBytes(pos, pos + length);
      pos += length;
      return v;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }
  }
}
