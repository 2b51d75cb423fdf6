package io.swapflush.parse;

import io.swapflush.parse.BalanceChanges.TokenBalance;
import io.swapflush.parse.BinaryTransaction.BinaryInstruction;
import io.swapflush.parse.BinaryTransaction.BinaryTokenBalance;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the parser reads of a {@link BinaryTransaction}: its keys, balance changes and instructions. */
final class BinaryTransactions {

  private BinaryTransactions() {
  }

  static String signature(BinaryTransaction transaction) {
    if (transaction.signature().length != 64) {
      throw new InvalidTransactionException("invalid-key-length", "the signature has "
          + transaction.signature().length + " bytes, not 64");
    }
    return Base58.encode(transaction.signature());
  }

  static AccountKeys keys(BinaryTransaction transaction) {
    List<String> keys = new Base58Keys(transaction.keys());
    int signers = JsonFields.index(transaction.signerCount(), "message.header.numRequiredSignatures", keys.size() + 1);
    return AccountKeys.of(keys, signers);
  }

  static BalanceChanges balanceChanges(AccountKeys keys, BinaryTransaction transaction) {
    long[] pre = transaction.preBalances();
    long[] post = transaction.postBalances();
    if (pre.length != keys.size() || post.length != keys.size()) {
      throw new InvalidTransactionException("inconsistent-balances", "meta.preBalances (" + pre.length
          + ") and meta.postBalances (" + post.length + ") must have one entry per account key (" + keys.size() + ")");
    }
    long[] changes = new long[keys.size()];
    for (int i = 0; i < changes.length; i++) {
      changes[i] = JsonFields.unsignedLong(post[i], "meta.postBalances[" + i + "]")
          - JsonFields.unsignedLong(pre[i], "meta.preBalances[" + i + "]");
    }
    // the fee payer's fee is the network's, not part of any trade
    changes[0] += JsonFields.unsignedLong(transaction.fee(), "meta.fee");
    return BalanceChanges.of(keys, changes, tokenBalances(transaction.preTokenBalances(), "preTokenBalances", keys),
        tokenBalances(transaction.postTokenBalances(), "postTokenBalances", keys));
  }

  static List<Instruction> instructions(AccountKeys keys, BinaryTransaction transaction) {
    for (int parent : transaction.innerInstructions().keySet()) {
      JsonFields.index(parent, "meta.innerInstructions.index", transaction.instructions().size());
    }
    return Instructions.of(transaction.instructions(), transaction.innerInstructions(),
        new Instructions.Reader<BinaryInstruction>() {
          @Override
          public Instruction read(BinaryInstruction instruction, int caller, String path) {
            String program = keys.get(JsonFields.index(instruction.programIndex(), path + ".programIdIndex",
                keys.size()));
            return new Instruction(program, new AccountIndexes(instruction.accounts()), keys,
                new InstructionData.Raw(instruction.data()), null, caller, path);
          }

          @Override
          public Object stackHeight(BinaryInstruction instruction, String path) {
            return instruction.stackHeight();
          }
        });
  }

  private static Map<Integer, TokenBalance> tokenBalances(List<BinaryTokenBalance> list, String field,
      AccountKeys keys) {
    Map<Integer, TokenBalance> balances = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "meta." + field + "[" + i + "]";
      BinaryTokenBalance balance = list.get(i);
      int index = JsonFields.index(balance.accountIndex(), path + ".accountIndex", keys.size());
      balances.put(index, TokenBalance.read(balance.mint(), balance.owner(), balance.amount(), balance.decimals(),
          path));
    }
    return balances;
  }

  /** An instruction's accounts, a byte each, as the indexes into the keys that {@link Instruction} resolves. */
  private static final class AccountIndexes extends AbstractList<Integer> {

    private final byte[] indexes;

    AccountIndexes(byte[] indexes) {
      this.indexes = indexes;
    }

    @Override
    public Integer get(int a) {
      return indexes[a] & 0xff;
    }

    @Override
    public int size() {
      return indexes.length;
    }
  }
}
