package io.swapflush.processor.parse;

import java.math.BigInteger;

/**
 * SOL or a token moved from one account to another, authorized by {@code authority} (the owner or
 * delegate of a token account; the payer of SOL). {@code mint} is null when the instruction does
 * not name it (a token {@code Transfer}); SOL ({@code lamports}) is {@link Mints#SOL}.
 */
record Transfer(String source, String destination, String authority, BigInteger amount, String mint,
                boolean lamports) {
}
