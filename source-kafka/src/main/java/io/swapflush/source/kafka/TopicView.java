package io.swapflush.source.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The topic and the consumer group as the brokers last described them.
 *
 * @param partitions how many partitions the topic has now (more than the consumers may know of yet)
 * @param unassigned partitions no member of the group reads: not in any member's assignment while
 *     the group is stable, all of them while it rebalances or has no member
 * @param groupState the group's state as the coordinator says it ({@code Stable}, {@code PreparingRebalance} …)
 * @param endOffsets each partition's end offset (the offset the next record written will get)
 */
record TopicView(int partitions, Set<Integer> unassigned, String groupState, Map<Integer, Long> endOffsets) {

  TopicView {
    // in partition order, as /health names them
    unassigned = Collections.unmodifiableSortedSet(new TreeSet<>(unassigned));
    endOffsets = Map.copyOf(endOffsets);
  }
}
