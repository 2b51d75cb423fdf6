package io.swapflush.bench;

/**
 * One line of the Kafka scaling table: what {@code instances} instances in one group achieved on a
 * preloaded topic in one run.
 *
 * @param events rows in swap_events at the end
 * @param durableAtFirstCommit records durable when the first checkpoint was seen
 * @param totalSeconds from the instances' start until every record was durable
 * @param steady from the first commit seen to the end: its time and the CPU spent in it
 * @param firstCommitSeconds from the start to the first commit seen (JVM start, group join, first flush)
 */
record ScalingRow(int instances, long documents, long events, long durableAtFirstCommit, double totalSeconds,
                  FleetCpu steady, double firstCommitSeconds) {

  double eventsPerSecond() {
    return events / totalSeconds;
  }

  /** Events of the records made durable after the first commit, over the time that took. */
  private double steadyEvents() {
    return (double) events * (documents - durableAtFirstCommit) / documents;
  }

  double steadyEventsPerSecond() {
    return steadyEvents() / steady.seconds();
  }

  double instancesMicrosPerEvent() {
    return steady.instances() / steadyEvents() * 1e6;
  }

  double brokerMicrosPerEvent() {
    return steady.broker() / steadyEvents() * 1e6;
  }

  double othersMicrosPerEvent() {
    return steady.others() / steadyEvents() * 1e6;
  }

  /** Cores busy on average in the steady part, every process of the machine. */
  double coresBusy() {
    return steady.machine() / steady.seconds();
  }
}
