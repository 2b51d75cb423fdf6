package io.swapflush.testsupport;

import io.swapflush.geyser.storage.MessageHeader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The account keys of a block entry in the order instructions index them: the message's static
 * keys, then those loaded from lookup tables (writable, then read-only). Read from either encoding:
 * {@code json} lists the static keys with a header and the loaded ones in {@code meta.loadedAddresses};
 * {@code jsonParsed} lists them all as objects saying signer, writable and source, with no header.
 */
final class MessageKeys {

  private final List<String> staticKeys = new ArrayList<>();
  private final List<String> loadedWritable = new ArrayList<>();
  private final List<String> loadedReadonly = new ArrayList<>();
  private final Map<String, Integer> indexes = new HashMap<>();
  private final MessageHeader header;

  MessageKeys(JsonObject entry) {
    JsonObject message = entry.getJsonObject("transaction").getJsonObject("message");
    JsonArray keys = message.getJsonArray("accountKeys");
    if (BlockTransactions.isJsonParsed(entry)) {
      header = fromObjects(keys);
    } else {
      keys.forEach(key -> staticKeys.add((String) key));
      JsonObject loaded = entry.getJsonObject("meta").getJsonObject("loadedAddresses", new JsonObject());
      loaded.getJsonArray("writable", new JsonArray()).forEach(key -> loadedWritable.add((String) key));
      loaded.getJsonArray("readonly", new JsonArray()).forEach(key -> loadedReadonly.add((String) key));
      JsonObject given = message.getJsonObject("header");
      header = MessageHeader.newBuilder()
          .setNumRequiredSignatures(given.getInteger("numRequiredSignatures"))
          .setNumReadonlySignedAccounts(given.getInteger("numReadonlySignedAccounts"))
          .setNumReadonlyUnsignedAccounts(given.getInteger("numReadonlyUnsignedAccounts"))
          .build();
    }
    for (List<String> part : List.of(staticKeys, loadedWritable, loadedReadonly)) {
      part.forEach(key -> indexes.putIfAbsent(key, indexes.size()));
    }
  }

  /** Sorts the keys by source; the header counts what the flags say of the static ones (signers come first). */
  private MessageHeader fromObjects(JsonArray keys) {
    int signers = 0;
    int readonlySigners = 0;
    int readonlyUnsigned = 0;
    for (Object value : keys) {
      JsonObject key = (JsonObject) value;
      String pubkey = key.getString("pubkey");
      boolean writable = key.getBoolean("writable");
      if ("lookupTable".equals(key.getString("source"))) {
        (writable ? loadedWritable : loadedReadonly).add(pubkey);
        continue;
      }
      staticKeys.add(pubkey);
      if (key.getBoolean("signer")) {
        signers++;
        readonlySigners += writable ? 0 : 1;
      } else {
        readonlyUnsigned += writable ? 0 : 1;
      }
    }
    return MessageHeader.newBuilder().setNumRequiredSignatures(signers)
        .setNumReadonlySignedAccounts(readonlySigners).setNumReadonlyUnsignedAccounts(readonlyUnsigned).build();
  }

  MessageHeader header() {
    return header;
  }

  List<String> staticKeys() {
    return staticKeys;
  }

  List<String> loadedWritable() {
    return loadedWritable;
  }

  List<String> loadedReadonly() {
    return loadedReadonly;
  }

  /** The index instructions use for {@code key}; an error when the transaction does not name it. */
  int indexOf(String key) {
    Integer index = indexes.get(key);
    if (index == null) {
      throw new IllegalArgumentException("the transaction has no account key " + key);
    }
    return index;
  }
}
