package io.swapflush.source.grpc;

import com.google.protobuf.ByteString;
import io.swapflush.geyser.SubscribeUpdateTransactionInfo;
import io.swapflush.geyser.storage.CompiledInstruction;
import io.swapflush.geyser.storage.InnerInstruction;
import io.swapflush.geyser.storage.InnerInstructions;
import io.swapflush.geyser.storage.Message;
import io.swapflush.geyser.storage.TokenBalance;
import io.swapflush.geyser.storage.TransactionStatusMeta;
import io.swapflush.parse.BinaryTransaction;
import io.swapflush.parse.BinaryTransaction.BinaryInstruction;
import io.swapflush.parse.BinaryTransaction.BinaryTokenBalance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Geyser transaction update as the parser's {@link BinaryTransaction}: keys, signature and data
 * stay bytes (no JSON, no base58 on the way). An update carries no block time: the source knows it
 * from the slot, if at all.
 */
public final class ProtobufTransactions {

  private ProtobufTransactions() {
  }

  /** The transaction of {@code info}, one of slot {@code slot}. */
  public static BinaryTransaction of(SubscribeUpdateTransactionInfo info, long slot) {
    Message message = info.getTransaction().getMessage();
    TransactionStatusMeta meta = info.getMeta();
    List<byte[]> keys = new ArrayList<>(message.getAccountKeysCount() + meta.getLoadedWritableAddressesCount()
        + meta.getLoadedReadonlyAddressesCount());
    message.getAccountKeysList().forEach(key -> keys.add(key.toByteArray()));
    meta.getLoadedWritableAddressesList().forEach(key -> keys.add(key.toByteArray()));
    meta.getLoadedReadonlyAddressesList().forEach(key -> keys.add(key.toByteArray()));
    List<BinaryInstruction> instructions = new ArrayList<>(message.getInstructionsCount());
    for (CompiledInstruction instruction : message.getInstructionsList()) {
      instructions.add(instruction(instruction.getProgramIdIndex(), instruction.getAccounts(), instruction.getData(),
          null));
    }
    return new BinaryTransaction(info.getSignature().toByteArray(), slot, null, meta.hasErr(), keys,
        message.getHeader().getNumRequiredSignatures(), instructions, innerInstructions(meta),
        toArray(meta.getPreBalancesList()), toArray(meta.getPostBalancesList()), meta.getFee(),
        tokenBalances(meta.getPreTokenBalancesList()), tokenBalances(meta.getPostTokenBalancesList()));
  }

  /** By the top-level instruction's index; a later group of the same index replaces an earlier one, as in JSON. */
  private static Map<Integer, List<BinaryInstruction>> innerInstructions(TransactionStatusMeta meta) {
    Map<Integer, List<BinaryInstruction>> byParent = new HashMap<>();
    for (InnerInstructions group : meta.getInnerInstructionsList()) {
      List<BinaryInstruction> inner = new ArrayList<>(group.getInstructionsCount());
      for (InnerInstruction instruction : group.getInstructionsList()) {
        inner.add(instruction(instruction.getProgramIdIndex(), instruction.getAccounts(), instruction.getData(),
            instruction.hasStackHeight() ? instruction.getStackHeight() : null));
      }
      byParent.put(group.getIndex(), inner);
    }
    return byParent;
  }

  private static BinaryInstruction instruction(int programIndex, ByteString accounts, ByteString data,
      Integer stackHeight) {
    return new BinaryInstruction(programIndex, accounts.toByteArray(), data.toByteArray(), stackHeight);
  }

  /** An owner left empty is one the node did not record. */
  private static List<BinaryTokenBalance> tokenBalances(List<TokenBalance> balances) {
    List<BinaryTokenBalance> read = new ArrayList<>(balances.size());
    for (TokenBalance balance : balances) {
      read.add(new BinaryTokenBalance(balance.getAccountIndex(), balance.getMint(),
          balance.getOwner().isEmpty() ? null : balance.getOwner(), balance.getUiTokenAmount().getAmount(),
          balance.getUiTokenAmount().getDecimals()));
    }
    return read;
  }

  private static long[] toArray(List<Long> lamports) {
    long[] array = new long[lamports.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = lamports.get(i);
    }
    return array;
  }
}
