package io.swapflush.bench;

/**
 * One line of the rpc source's table: what one row achieved in one run.
 *
 * @param transactions every transaction of the blocks read, votes included
 * @param jsonBytes getBlock answers received
 * @param readSeconds until every transaction of the last block was counted: it was handed on to the flusher
 * @param durableSeconds until the last block's checkpoint was committed
 * @param lagSlots {@code swap.source.lag.slots} (head less the last durable block) once the last is durable
 * @param cpuSeconds the whole JVM: the test server and the proxy included
 * @param loopCpuSeconds the service's event loop: HTTP receive, hand-off (counters, triggers), flusher
 * @param decodeCpuSeconds the worker threads: BlockReader and the parser
 * @param serverCpuSeconds the test server's event loop and the proxy's threads
 * @param othersCpuSeconds what the other processes of the machine took meanwhile (PostgreSQL, and
 *     others sharing its cores)
 */
record RpcRow(String name, long blocks, long transactions, long swapEvents, long jsonBytes, double readSeconds,
              double durableSeconds, double lagSlots, double cpuSeconds, double loopCpuSeconds,
              double decodeCpuSeconds, double serverCpuSeconds, double othersCpuSeconds) {

  double blocksPerSecond() {
    return blocks / durableSeconds;
  }

  /** The pipeline's own rate, without the wait for the last periodic flush (up to flushIntervalMs) at the end. */
  double blocksReadPerSecond() {
    return blocks / readSeconds;
  }

  double transactionsPerSecond() {
    return transactions / durableSeconds;
  }

  double swapEventsPerSecond() {
    return swapEvents / durableSeconds;
  }

  double megabytesPerBlock() {
    return jsonBytes / 1e6 / blocks;
  }
}
