package io.swapflush.testsupport;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Entries of a block's {@code transactions} ({@code {transaction, meta, version?}}) from the real
 * fixtures: the swaps of {@code solana/} (getTransaction results, whatever their shape in the
 * file) and the vote transactions of the real blocks in {@code solana-blocks/}. Tests that use them
 * skip when the fixtures are absent (see {@link Fixtures}).
 *
 * <p>What is returned is shared and read only; {@link #withFreshSignature} makes an entry to put in
 * a block, so that the same swap can appear many times under distinct keys.
 */
public final class BlockTransactions {

  /** The real blocks whose transactions are {@code json}-encoded, like the votes taken from them. */
  private static final List<String> JSON_BLOCKS = List.of("block_100000000_json.json",
      "block_after_1021084_no_blocktime.json");
  private static final String VOTE_PROGRAM = "Vote111111111111111111111111111111111111111";

  private static Map<String, JsonObject> swaps;
  private static List<JsonObject> votes;

  private BlockTransactions() {
  }

  /** Every swap fixture, by file name (sorted), as a block entry; encodings {@code json} and {@code jsonParsed}. */
  public static synchronized Map<String, JsonObject> swaps() {
    if (swaps == null) {
      Map<String, JsonObject> read = new TreeMap<>();
      try (Stream<Path> files = Files.list(Fixtures.solanaDir())) {
        files.filter(file -> file.toString().endsWith(".json") && !file.endsWith("expected.json"))
            .forEach(file -> read.put(file.getFileName().toString(), entry(result(read(file)))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      swaps = Map.copyOf(read);
    }
    return new TreeMap<>(swaps);
  }

  /** The swap of one fixture file, e.g. {@code jeffro__pumpfun_buy_0.json}. */
  public static JsonObject swap(String file) {
    JsonObject swap = swaps().get(file);
    if (swap == null) {
      throw new IllegalArgumentException("no swap fixture " + file + "; there are " + swaps().keySet());
    }
    return swap;
  }

  /** The swaps in {@code json} encoding (account keys as strings), the encoding of {@link #votes}. */
  public static List<JsonObject> jsonEncodedSwaps() {
    return swaps().values().stream().filter(swap -> !isJsonParsed(swap)).toList();
  }

  /** The vote transactions of the real {@code json}-encoded blocks, to pad blocks with. */
  public static synchronized List<JsonObject> votes() {
    if (votes == null) {
      List<JsonObject> read = new ArrayList<>();
      for (String file : JSON_BLOCKS) {
        realBlock(file).getJsonArray("transactions").forEach(entry -> {
          if (isVote((JsonObject) entry)) {
            read.add((JsonObject) entry);
          }
        });
      }
      votes = List.copyOf(read);
    }
    return votes;
  }

  /** A real getBlock result of {@code solana-blocks/}, e.g. {@code block_154808473_v0.json}. */
  public static JsonObject realBlock(String file) {
    return (JsonObject) read(Fixtures.solanaBlocksDir().resolve(file));
  }

  /**
   * A copy of {@code entry} whose {@code transaction.signatures[0]} is a new random signature (64
   * bytes, base58). Only the path to the signature is copied; {@code meta} and the message are
   * shared with the original.
   */
  public static JsonObject withFreshSignature(JsonObject entry) {
    JsonObject transaction = new JsonObject(new LinkedHashMap<>(entry.getJsonObject("transaction").getMap()));
    JsonArray signatures = transaction.getJsonArray("signatures").copy();
    signatures.set(0, Base58.random(ThreadLocalRandom.current(), 64));
    transaction.put("signatures", signatures);
    return new JsonObject(new LinkedHashMap<>(entry.getMap())).put("transaction", transaction);
  }

  /** The transaction's signature, its key: {@code transaction.signatures[0]}. */
  public static String signature(JsonObject entry) {
    return entry.getJsonObject("transaction").getJsonArray("signatures").getString(0);
  }

  /** Whether the entry is {@code jsonParsed} (account keys as objects) rather than {@code json}. */
  public static boolean isJsonParsed(JsonObject entry) {
    return entry.getJsonObject("transaction").getJsonObject("message").getJsonArray("accountKeys")
        .getValue(0) instanceof JsonObject;
  }

  private static boolean isVote(JsonObject entry) {
    JsonObject message = entry.getJsonObject("transaction").getJsonObject("message");
    JsonArray keys = message.getJsonArray("accountKeys");
    return message.getJsonArray("instructions").stream()
        .anyMatch(instruction -> VOTE_PROGRAM.equals(keys.getString(((JsonObject) instruction).getInteger("programIdIndex"))));
  }

  /** The getTransaction result of a fixture file: a bare result, a JSON-RPC response, or an array of either. */
  private static JsonObject result(Object document) {
    Object first = document instanceof JsonArray array ? array.getValue(0) : document;
    JsonObject object = (JsonObject) first;
    return object.containsKey("jsonrpc") ? object.getJsonObject("result") : object;
  }

  /** What a block holds of a getTransaction result: no slot and no blockTime (those are the block's). */
  private static JsonObject entry(JsonObject result) {
    JsonObject entry = new JsonObject().put("transaction", result.getValue("transaction")).put("meta", result.getValue("meta"));
    return result.containsKey("version") ? entry.put("version", result.getValue("version")) : entry;
  }

  private static Object read(Path file) {
    try {
      return Json.decodeValue(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
