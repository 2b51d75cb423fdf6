package io.swapflush.parse;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A block as the source hands it on: its place in the chain and the transactions worth parsing,
 * as {@code T}: decoded JSON as {@link BlockReader} reads them, each already carrying the block's
 * {@code slot} and {@code blockTime}; then what parsing them came to.
 *
 * @param skipped transactions left out before the full parse, by reason ({@code vote},
 *     {@code failed}, {@code no-token-balance})
 * @param bytes the size of the response the block came in
 */
public record SolanaBlock<T>(long slot, String blockhash, String previousBlockhash, long parentSlot, Long blockTime,
                             List<T> transactions, Map<String, Integer> skipped, int bytes) {

  /** The same block with each of its transactions made into {@code U}, in order. */
  public <U> SolanaBlock<U> map(Function<? super T, ? extends U> each) {
    return new SolanaBlock<>(slot, blockhash, previousBlockhash, parentSlot, blockTime,
        transactions.stream().<U>map(each).toList(), skipped, bytes);
  }
}
