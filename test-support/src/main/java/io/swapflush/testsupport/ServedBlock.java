package io.swapflush.testsupport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A block as the server keeps it: encoded once when added (a 10 MB block is not re-encoded per
 * request, and the encoded form is several times smaller than the JSON tree), then assembled per
 * request in the form asked for — with or without rewards, full transactions or signatures only,
 * each transaction's {@code version} shown when the request names a maxSupportedTransactionVersion,
 * as a node does. The encoding ({@code json}, {@code jsonParsed}) is served as it was given.
 */
final class ServedBlock {

  private static final byte[] TRANSACTIONS = ",\"transactions\":[".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VERSION = "{\"version\":".getBytes(StandardCharsets.UTF_8);

  /** The block's own fields ({@code blockhash}, {@code parentSlot}, …), an encoded JSON object. */
  private final Buffer header;
  private final Buffer rewards;
  /** Each transaction as given, without its {@code version}. */
  private final List<Buffer> transactions;
  /** Each transaction's version as JSON text: {@code "legacy"} or a number. */
  private final List<String> versions;
  private final Buffer signatures;
  /** The highest numbered version among the transactions; -1 when all are legacy. */
  private final int highestVersion;
  private final int transactionBytes;

  private ServedBlock(Buffer header, Buffer rewards, List<Buffer> transactions, List<String> versions,
      Buffer signatures, int highestVersion) {
    this.header = header;
    this.rewards = rewards;
    this.transactions = transactions;
    this.versions = versions;
    this.signatures = signatures;
    this.highestVersion = highestVersion;
    this.transactionBytes = transactions.stream().mapToInt(Buffer::length).sum();
  }

  /** A getBlock result ({@code transactions} entries {@code {transaction, meta, version?}}), encoded. */
  static ServedBlock of(JsonObject block) {
    JsonObject fields = new JsonObject(new LinkedHashMap<>(block.getMap()));
    fields.remove("transactions");
    fields.remove("signatures");
    Object rewards = fields.remove("rewards");
    if (!fields.containsKey("blockhash")) {
      throw new IllegalArgumentException("a block has a blockhash; got " + fields.fieldNames());
    }
    JsonArray given = block.getJsonArray("transactions", new JsonArray());
    List<Buffer> transactions = new ArrayList<>(given.size());
    List<String> versions = new ArrayList<>(given.size());
    JsonArray signatures = new JsonArray();
    int highestVersion = -1;
    for (int i = 0; i < given.size(); i++) {
      JsonObject entry = new JsonObject(new LinkedHashMap<>(given.getJsonObject(i).getMap()));
      Object version = entry.remove("version");
      if (version instanceof Number number) {
        highestVersion = Math.max(highestVersion, number.intValue());
        versions.add(String.valueOf(number.intValue()));
      } else {
        versions.add("\"legacy\"");
      }
      transactions.add(entry.toBuffer());
      signatures.add(entry.getJsonObject("transaction").getJsonArray("signatures").getString(0));
    }
    return new ServedBlock(fields.toBuffer(), rewards == null ? null : Json.encodeToBuffer(rewards), transactions,
        versions, signatures.toBuffer(), highestVersion);
  }

  /**
   * The result for a request's config.
   *
   * @param maxSupportedVersion null when the request has none: then only legacy transactions are
   *     served, and no {@code version} is shown
   * @throws RpcFailure -32015 when a transaction's version is above what the request supports
   */
  Buffer encode(TransactionDetails details, boolean withRewards, Integer maxSupportedVersion) {
    boolean full = details == TransactionDetails.FULL;
    int supported = maxSupportedVersion == null ? -1 : maxSupportedVersion;
    if (full && highestVersion > supported) {
      throw new RpcFailure(RpcError.unsupportedTransactionVersion(highestVersion));
    }
    Buffer out = Buffer.buffer(header.length() + (full ? transactionBytes + 16 * transactions.size() : 0)
        + (rewards == null ? 0 : rewards.length()) + signatures.length() + 64);
    out.appendBuffer(header, 0, header.length() - 1);
    if (withRewards && rewards != null) {
      out.appendString(",\"rewards\":").appendBuffer(rewards);
    }
    if (full) {
      out.appendBytes(TRANSACTIONS);
      for (int i = 0; i < transactions.size(); i++) {
        if (i > 0) {
          out.appendByte((byte) ',');
        }
        appendTransaction(out, i, maxSupportedVersion != null);
      }
      out.appendByte((byte) ']');
    } else if (details == TransactionDetails.SIGNATURES) {
      out.appendString(",\"signatures\":").appendBuffer(signatures);
    }
    return out.appendByte((byte) '}');
  }

  private void appendTransaction(Buffer out, int index, boolean withVersion) {
    Buffer transaction = transactions.get(index);
    if (!withVersion) {
      out.appendBuffer(transaction);
      return;
    }
    out.appendBytes(VERSION).appendString(versions.get(index));
    if (transaction.length() > 2) {
      out.appendByte((byte) ',');
    }
    out.appendBuffer(transaction, 1, transaction.length() - 1);
  }

  /** The {@code transactionDetails} a block is served with. */
  enum TransactionDetails {
    FULL, SIGNATURES, NONE;

    static TransactionDetails parse(String name) {
      if (name == null || name.equals("full")) {
        return FULL;
      }
      if (name.equals("signatures")) {
        return SIGNATURES;
      }
      if (name.equals("none")) {
        return NONE;
      }
      if (name.equals("accounts")) {
        throw new RpcFailure(RpcError.invalidParams("transactionDetails `accounts` is not served by this test server"));
      }
      throw new RpcFailure(RpcError.invalidParams(
          "unknown variant `" + name + "`, expected one of `full`, `accounts`, `signatures`, `none`"));
    }
  }
}
