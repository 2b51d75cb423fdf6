package io.swapflush.parse;

import java.util.List;
import java.util.Map;

/**
 * A block as the source hands it on: its place in the chain and the transactions worth parsing,
 * each already carrying the block's {@code slot} and {@code blockTime}.
 *
 * @param skipped transactions left out before the full parse, by reason ({@code vote},
 *     {@code failed}, {@code no-token-balance})
 * @param bytes the size of the response the block came in
 */
public record SolanaBlock(long slot, String blockhash, String previousBlockhash, long parentSlot, Long blockTime,
                          List<Object> transactions, Map<String, Integer> skipped, int bytes) {
}
