package io.swapflush.bench;

/** One line of the table: what one scenario achieved in one run; {@code commits} for the real flusher's rows. */
record Row(String workload, String name, long events, long transactions, double seconds, double handoffP50Micros,
           double handoffP99Micros, double e2eP50Millis, double e2eP99Millis, long lost, double heapBytesPerEvent,
           double cpuSeconds, Commits commits) {

  Row(String workload, String name, long events, long transactions, double seconds, double handoffP50Micros,
      double handoffP99Micros, double e2eP50Millis, double e2eP99Millis, long lost, double heapBytesPerEvent,
      double cpuSeconds) {
    this(workload, name, events, transactions, seconds, handoffP50Micros, handoffP99Micros, e2eP50Millis,
        e2eP99Millis, lost, heapBytesPerEvent, cpuSeconds, Commits.NONE);
  }

  double eventsPerSecond() {
    return events / seconds;
  }

  double transactionsPerSecond() {
    return transactions / seconds;
  }

  double commitsPerSecond() {
    return commits.batches() / seconds;
  }

  double eventsPerCommit() {
    return commits.events() / commits.batches();
  }

  /**
   * What the flusher committed during a row, from its counters ({@code swap.flush.count},
   * {@code swap.events.written}), and the PostgreSQL server's CPU meanwhile; NaN for the other rows.
   */
  record Commits(double batches, double events, double postgresCpuSeconds) {
    static final Commits NONE = new Commits(Double.NaN, Double.NaN, Double.NaN);

    boolean measured() {
      return !Double.isNaN(batches);
    }
  }
}
