package io.swapflush.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandOffCodecTest {

  private final HandOffCodec codec = new HandOffCodec();

  private final TransactionEvents message = new TransactionEvents("/data/feed.jsonl", 42, "{\"fileStart\":40}", List.of(
      new SwapEvent("sig1", 300_000_000L, 1_700_000_000L, "pump-fun", "trader", "mintA",
          "So11111111111111111111111111111111111111112", SwapEvent.Side.BUY,
          new BigInteger("340282366920938463463374607431768211455"), BigInteger.TEN, (short) 6, (short) 9),
      new SwapEvent("sig1", 300_000_000L, null, "jupiter", "tråder", "mintB", "mintC",
          SwapEvent.Side.SELL, BigInteger.ONE, BigInteger.ZERO, (short) 0, (short) 2)));

  @Test
  void wireRoundTripKeepsEveryField() {
    Buffer buffer = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(buffer, HandOff.of(message));
    assertEquals(HandOff.of(message), codec.decodeFromWire(6, buffer));
  }

  @Test
  void aMessageWithoutSourceRoundTrips() {
    TransactionEvents plain = new TransactionEvents(TransactionEvents.NO_POSITION, message.events());
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, HandOff.of(plain));
    assertEquals(HandOff.of(plain), codec.decodeFromWire(0, buffer));
  }

  @Test
  void aRewindRoundTrips() {
    TransactionEvents rewind = TransactionEvents.rewind("solana",
        new Rewind(new SourceCheckpoint(40, "{\"slot\":1000}"), 1000, 1012), 7);
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, HandOff.of(rewind));
    assertEquals(HandOff.of(rewind), codec.decodeFromWire(0, buffer));
  }

  @Test
  void severalTransactionsRoundTripInOrder() {
    HandOff handOff = HandOff.of(message, new TransactionEvents(TransactionEvents.NO_POSITION, message.events()),
        TransactionEvents.rewind("solana", new Rewind(new SourceCheckpoint(40, null), 1000, 1012), 7));
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, handOff);
    assertEquals(handOff, codec.decodeFromWire(0, buffer));
  }

  @Test
  void alertsRoundTripWithTheirTransaction() {
    Alert fromSource = new Alert(Alert.idOf("whale", "mintA", "sig1"), "whale", "mintA", "sig1", 300_000_000L,
        "/data/feed.jsonl", 1_700_000_000_123L, 987_654_321L, "{\"rule\":\"whale\",\"value\":1.5}");
    Alert unsourced = new Alert(Alert.idOf("burst", "mintB", "sig1"), "burst", "mintB", "sig1", 300_000_000L, null,
        1_700_000_000_124L, 1L, "{}");
    TransactionEvents withAlerts = new TransactionEvents(message.source(), message.position(), message.cursor(),
        message.events(), null, 3, List.of(fromSource, unsourced));
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, HandOff.of(withAlerts));
    assertEquals(HandOff.of(withAlerts), codec.decodeFromWire(0, buffer));
  }

  @Test
  void anAlertsIdDependsOnRuleMintAndSignatureOnly() {
    assertEquals(Alert.idOf("whale", "mintA", "sig1"), Alert.idOf("whale", "mintA", "sig1"));
    assertNotEquals(Alert.idOf("whale", "mintA", "sig1"), Alert.idOf("whale", "mintA", "sig2"));
    assertNotEquals(Alert.idOf("whale", "mintA", "sig1"), Alert.idOf("whale", "mintB", "sig1"));
    assertNotEquals(Alert.idOf("whale", "mintA", "sig1"), Alert.idOf("burst", "mintA", "sig1"));
    // the separator keeps the parts apart: "ab"+"c" is not "a"+"bc"
    assertNotEquals(Alert.idOf("ab", "c", "sig"), Alert.idOf("a", "bc", "sig"));
  }

  @Test
  void localDeliveryDoesNotCopy() {
    HandOff handOff = HandOff.of(message);
    assertSame(handOff, codec.transform(handOff));
  }
}
