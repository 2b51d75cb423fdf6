package io.swapflush.bench;

/** One line of the table: what one scenario achieved in one run. */
record Row(String workload, String name, long events, long transactions, double seconds, double handoffP50Micros,
           double handoffP99Micros, double e2eP50Millis, double e2eP99Millis, long lost, double heapBytesPerEvent,
           double cpuSeconds) {

  double eventsPerSecond() {
    return events / seconds;
  }

  double transactionsPerSecond() {
    return transactions / seconds;
  }
}
