package io.swapflush.bench;

import com.google.protobuf.ByteString;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.geyser.SubscribeUpdateTransaction;
import io.swapflush.geyser.SubscribeUpdateTransactionInfo;
import io.swapflush.parse.Base58;
import io.swapflush.source.grpc.GrpcSettings;
import io.swapflush.testsupport.BlockTransactions;
import io.swapflush.testsupport.GeyserTransactions;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The swaps of the mainnet fixtures ({@link BlockTransactions#jsonEncodedSwaps}, as the rpc rows
 * use them) as the transaction updates of a Geyser stream, converted to protobuf once; each update
 * made from them carries a fresh signature. Only those a subscriber of the trading programs gets
 * (not a vote, not failed, naming one of {@link GrpcSettings#tradingPrograms}), so that every one
 * sent arrives. Not thread-safe.
 */
final class GeyserSwaps {

  private final List<SubscribeUpdateTransactionInfo> swaps;
  private final Random random;

  GeyserSwaps(Random random) {
    this.random = random;
    Set<String> programs = Set.copyOf(GrpcSettings.tradingPrograms());
    swaps = BlockTransactions.jsonEncodedSwaps().stream().map(entry -> GeyserTransactions.info(entry, 0))
        .filter(info -> !info.getIsVote() && !info.getMeta().hasErr() && namesAny(info, programs)).toList();
  }

  /** An update and the signature the processor's alerts and the rows give it (base58). */
  record Swap(SubscribeUpdate update, String signature) {
  }

  /** A swap drawn at random, with a fresh signature, as the {@code index}th transaction of {@code slot}. */
  Swap next(long slot, long index) {
    byte[] bytes = new byte[64];
    random.nextBytes(bytes);
    ByteString signature = ByteString.copyFrom(bytes);
    SubscribeUpdateTransactionInfo swap = swaps.get(random.nextInt(swaps.size()));
    SubscribeUpdateTransactionInfo info = swap.toBuilder().setSignature(signature).setIndex(index)
        .setTransaction(swap.getTransaction().toBuilder().setSignatures(0, signature)).build();
    SubscribeUpdate update = SubscribeUpdate.newBuilder()
        .setTransaction(SubscribeUpdateTransaction.newBuilder().setSlot(slot).setTransaction(info)).build();
    return new Swap(update, Base58.encode(bytes));
  }

  /** Mean protobuf size of the updates, bytes. */
  double meanBytes() {
    return swaps.stream().mapToInt(SubscribeUpdateTransactionInfo::getSerializedSize).average().orElse(0);
  }

  private static boolean namesAny(SubscribeUpdateTransactionInfo info, Set<String> programs) {
    return info.getTransaction().getMessage().getAccountKeysList().stream()
        .anyMatch(key -> programs.contains(Base58.encode(key.toByteArray())))
        || info.getMeta().getLoadedReadonlyAddressesList().stream()
        .anyMatch(key -> programs.contains(Base58.encode(key.toByteArray())))
        || info.getMeta().getLoadedWritableAddressesList().stream()
        .anyMatch(key -> programs.contains(Base58.encode(key.toByteArray())));
  }
}
