package io.swapflush.testsupport;

import com.google.protobuf.ByteString;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.geyser.SubscribeUpdateTransaction;
import io.swapflush.geyser.SubscribeUpdateTransactionInfo;
import io.swapflush.geyser.storage.CompiledInstruction;
import io.swapflush.geyser.storage.InnerInstruction;
import io.swapflush.geyser.storage.InnerInstructions;
import io.swapflush.geyser.storage.Message;
import io.swapflush.geyser.storage.MessageAddressTableLookup;
import io.swapflush.geyser.storage.ReturnData;
import io.swapflush.geyser.storage.TokenBalance;
import io.swapflush.geyser.storage.Transaction;
import io.swapflush.geyser.storage.TransactionError;
import io.swapflush.geyser.storage.TransactionStatusMeta;
import io.swapflush.geyser.storage.UiTokenAmount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * A block entry of the fixtures ({@code {transaction, meta, version?}} in {@code json} or
 * {@code jsonParsed} encoding, see {@link BlockTransactions}) in the protobuf form a Geyser stream
 * carries: keys, signatures, blockhash and instruction data as bytes, accounts as index bytes,
 * lookup-table keys in {@code meta.loaded_*_addresses}, the error bincode-serialized. The
 * {@code jsonParsed} entries' decoded instructions are turned back into raw ones
 * ({@link ParsedInstructions}) and their header is worked out from the keys' flags.
 */
public final class GeyserTransactions {

  private static final String VOTE_PROGRAM = "Vote111111111111111111111111111111111111111";

  private GeyserTransactions() {
  }

  /** The update a server sends for {@code entry}, the {@code index}th transaction of the block at {@code slot}. */
  public static SubscribeUpdate update(JsonObject entry, long slot, long index) {
    return SubscribeUpdate.newBuilder().setTransaction(SubscribeUpdateTransaction.newBuilder()
        .setSlot(slot).setTransaction(info(entry, index))).build();
  }

  /** The transaction of {@code entry} with its meta, signature and vote flag. */
  public static SubscribeUpdateTransactionInfo info(JsonObject entry, long index) {
    MessageKeys keys = new MessageKeys(entry);
    Transaction transaction = transaction(entry, keys);
    int voteProgram = keys.staticKeys().indexOf(VOTE_PROGRAM);
    boolean vote = transaction.getMessage().getInstructionsList().stream()
        .anyMatch(instruction -> instruction.getProgramIdIndex() == voteProgram);
    return SubscribeUpdateTransactionInfo.newBuilder()
        .setSignature(transaction.getSignatures(0))
        .setIsVote(vote)
        .setTransaction(transaction)
        .setMeta(meta(entry.getJsonObject("meta"), keys))
        .setIndex(index)
        .build();
  }

  private static Transaction transaction(JsonObject entry, MessageKeys keys) {
    JsonObject json = entry.getJsonObject("transaction");
    JsonObject message = json.getJsonObject("message");
    Message.Builder built = Message.newBuilder()
        .setHeader(keys.header())
        .setRecentBlockhash(base58(message.getString("recentBlockhash")))
        .setVersioned(entry.getValue("version") instanceof Number);
    keys.staticKeys().forEach(key -> built.addAccountKeys(base58(key)));
    message.getJsonArray("instructions").forEach(value -> {
      Compiled instruction = compile((JsonObject) value, keys);
      built.addInstructions(CompiledInstruction.newBuilder().setProgramIdIndex(instruction.programIdIndex())
          .setAccounts(instruction.accounts()).setData(instruction.data()));
    });
    objects(message.getJsonArray("addressTableLookups"), lookup -> built.addAddressTableLookups(
        MessageAddressTableLookup.newBuilder()
            .setAccountKey(base58(lookup.getString("accountKey")))
            .setWritableIndexes(indexBytes(lookup.getJsonArray("writableIndexes")))
            // the metamask__ fixtures, converted from test literals, spell it readableIndexes
            .setReadonlyIndexes(indexBytes(lookup.getJsonArray("readonlyIndexes",
                lookup.getJsonArray("readableIndexes"))))));
    Transaction.Builder transaction = Transaction.newBuilder().setMessage(built);
    json.getJsonArray("signatures").forEach(signature -> transaction.addSignatures(base58((String) signature)));
    return transaction.build();
  }

  private static TransactionStatusMeta meta(JsonObject meta, MessageKeys keys) {
    TransactionStatusMeta.Builder built = TransactionStatusMeta.newBuilder().setFee(meta.getLong("fee"));
    if (meta.getValue("err") != null) {
      built.setErr(TransactionError.newBuilder()
          .setErr(ByteString.copyFrom(TransactionErrorBincode.encode(meta.getValue("err")))));
    }
    meta.getJsonArray("preBalances").forEach(balance -> built.addPreBalances(((Number) balance).longValue()));
    meta.getJsonArray("postBalances").forEach(balance -> built.addPostBalances(((Number) balance).longValue()));
    built.setInnerInstructionsNone(meta.getJsonArray("innerInstructions") == null);
    objects(meta.getJsonArray("innerInstructions"), inner -> built.addInnerInstructions(innerInstructions(inner, keys)));
    built.setLogMessagesNone(meta.getJsonArray("logMessages") == null);
    if (meta.getJsonArray("logMessages") != null) {
      meta.getJsonArray("logMessages").forEach(line -> built.addLogMessages((String) line));
    }
    objects(meta.getJsonArray("preTokenBalances"), balance -> built.addPreTokenBalances(tokenBalance(balance)));
    objects(meta.getJsonArray("postTokenBalances"), balance -> built.addPostTokenBalances(tokenBalance(balance)));
    keys.loadedWritable().forEach(key -> built.addLoadedWritableAddresses(base58(key)));
    keys.loadedReadonly().forEach(key -> built.addLoadedReadonlyAddresses(base58(key)));
    JsonObject returnData = meta.getJsonObject("returnData");
    built.setReturnDataNone(returnData == null);
    if (returnData != null) {
      built.setReturnData(ReturnData.newBuilder().setProgramId(base58(returnData.getString("programId")))
          .setData(ByteString.copyFrom(Base64.getDecoder().decode(returnData.getJsonArray("data").getString(0)))));
    }
    if (meta.getValue("computeUnitsConsumed") != null) {
      built.setComputeUnitsConsumed(meta.getLong("computeUnitsConsumed"));
    }
    if (meta.getValue("costUnits") != null) {
      built.setCostUnits(meta.getLong("costUnits"));
    }
    return built.build();
  }

  private static InnerInstructions innerInstructions(JsonObject inner, MessageKeys keys) {
    InnerInstructions.Builder built = InnerInstructions.newBuilder().setIndex(inner.getInteger("index"));
    objects(inner.getJsonArray("instructions"), value -> {
      Compiled instruction = compile(value, keys);
      InnerInstruction.Builder one = InnerInstruction.newBuilder().setProgramIdIndex(instruction.programIdIndex())
          .setAccounts(instruction.accounts()).setData(instruction.data());
      if (value.getValue("stackHeight") != null) {
        one.setStackHeight(value.getInteger("stackHeight"));
      }
      built.addInstructions(one);
    });
    return built.build();
  }

  private static TokenBalance tokenBalance(JsonObject balance) {
    JsonObject amount = balance.getJsonObject("uiTokenAmount");
    UiTokenAmount.Builder ui = UiTokenAmount.newBuilder()
        .setAmount(amount.getString("amount"))
        .setDecimals(amount.getInteger("decimals"))
        .setUiAmountString(amount.getString("uiAmountString", ""));
    if (amount.getValue("uiAmount") != null) {
      ui.setUiAmount(amount.getDouble("uiAmount"));
    }
    return TokenBalance.newBuilder()
        .setAccountIndex(balance.getInteger("accountIndex"))
        .setMint(balance.getString("mint"))
        .setOwner(balance.getString("owner", ""))
        .setProgramId(balance.getString("programId", ""))
        .setUiTokenAmount(ui)
        .build();
  }

  /** An instruction as the chain holds it: the program and accounts as indexes into the keys. */
  private record Compiled(int programIdIndex, ByteString accounts, ByteString data) {
  }

  /**
   * From any of the three forms: {@code json}'s indexes, {@code jsonParsed}'s keys with raw data, or
   * {@code jsonParsed}'s decoded instruction.
   */
  private static Compiled compile(JsonObject instruction, MessageKeys keys) {
    if (instruction.containsKey("programIdIndex")) {
      return new Compiled(instruction.getInteger("programIdIndex"), indexBytes(instruction.getJsonArray("accounts")),
          base58(instruction.getString("data")));
    }
    int program = keys.indexOf(instruction.getString("programId"));
    if (instruction.containsKey("parsed")) {
      ParsedInstructions.Raw raw = ParsedInstructions.raw(instruction);
      return new Compiled(program, keyIndexes(raw.accounts(), keys), ByteString.copyFrom(raw.data()));
    }
    List<String> accounts = instruction.getJsonArray("accounts").stream().map(String.class::cast).toList();
    return new Compiled(program, keyIndexes(accounts, keys), base58(instruction.getString("data")));
  }

  private static ByteString keyIndexes(List<String> accounts, MessageKeys keys) {
    byte[] indexes = new byte[accounts.size()];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = (byte) keys.indexOf(accounts.get(i));
    }
    return ByteString.copyFrom(indexes);
  }

  /** Account indexes, one byte each, as messages and lookups hold them. */
  private static ByteString indexBytes(JsonArray indexes) {
    byte[] bytes = new byte[indexes.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = indexes.getInteger(i).byteValue();
    }
    return ByteString.copyFrom(bytes);
  }

  private static ByteString base58(String text) {
    return ByteString.copyFrom(Base58.decode(text));
  }

  /** Each object of {@code array}, which may be absent. */
  private static void objects(JsonArray array, Consumer<JsonObject> action) {
    if (array != null) {
      array.forEach(value -> action.accept((JsonObject) value));
    }
  }
}
