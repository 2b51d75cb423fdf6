package io.swapflush.parse;

import java.util.List;
import java.util.Map;

/**
 * A transaction in the binary form a Geyser stream carries it, for {@link TransactionParser#parse(BinaryTransaction)}:
 * keys, signature and instruction data as bytes, accounts as indexes into the keys. The source turns
 * its protobuf into this, so that the parser needs no protobuf of its own.
 *
 * @param keys the message's keys, then those loaded from address tables: writable, then readonly
 * @param signerCount the message header's number of required signatures: the leading keys that sign
 * @param blockTime null when the source does not know it (a transaction update carries none)
 * @param failed whether the transaction failed (its meta has an error): it traded nothing
 * @param innerInstructions the instructions each top-level instruction invoked, by its index
 * @param fee what the fee payer (key 0) paid the network, in lamports; like the balances, a u64
 */
public record BinaryTransaction(byte[] signature, long slot, Long blockTime, boolean failed, List<byte[]> keys,
    int signerCount, List<BinaryInstruction> instructions, Map<Integer, List<BinaryInstruction>> innerInstructions,
    long[] preBalances, long[] postBalances, long fee, List<BinaryTokenBalance> preTokenBalances,
    List<BinaryTokenBalance> postTokenBalances) {

  /**
   * One instruction: its program and accounts as indexes into the keys (an account index a byte).
   *
   * @param stackHeight null at the top level, and for an inner instruction when the node did not record it
   */
  public record BinaryInstruction(int programIndex, byte[] accounts, byte[] data, Integer stackHeight) {
  }

  /**
   * A token account's balance, its mint and owner base58 as the node gives them.
   *
   * @param owner null when the node did not record it
   * @param amount raw units, a decimal string
   */
  public record BinaryTokenBalance(int accountIndex, String mint, String owner, String amount, int decimals) {
  }
}
