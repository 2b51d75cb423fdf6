package io.swapflush.bench;

/**
 * One line of the takeover table: one instance SIGKILLed while input kept coming, and how long the
 * others took.
 *
 * @param handedSeconds from the SIGKILL until the survivor owns what the dead one read (Kafka: its log
 *     lists the dead one's partitions as assigned; standby: its /health says leader)
 * @param firstCommitSeconds from the SIGKILL until the first checkpoint of what the dead one read moved
 * @param allSeconds Kafka: until the checkpoint of every partition the dead one owned moved; NaN for a standby
 */
record TakeoverRow(String name, double handedSeconds, double firstCommitSeconds, double allSeconds) {
}
