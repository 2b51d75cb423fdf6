package io.swapflush.bench;

/**
 * One line of the grpc source's tables: what one row achieved in one run. The latencies (ms) are
 * NaN in the saturated rows, which configure no trigger.
 *
 * @param transactions transactions the server streamed (every one a swap of the fixtures)
 * @param readSeconds from the first send until every transaction was counted by the processor
 * @param durableSeconds from the first send until the last slot's checkpoint was committed
 * @param handedOnFromSend from the server's send of a transaction to the processor's receiving its block
 *     (the source's part: the stream, the wait for the slot's end and the parse): {p50, p99}
 * @param alertFromSend from the server's send of a transaction to the alert for it: {p50, p99}
 * @param rowFromSend from the send to {@code inserted_at} of its row: {p50, p99}
 * @param alertFromSlotEnd from the send of its slot's block meta and status to the alert: {p50, p99}
 * @param rowFromSlotEnd from the send of its slot's block meta and status to its row: {p50, p99}
 * @param lost transactions sent whose row (or alert, in the latency rows) never came
 * @param cpuSeconds the whole JVM, the test server and the sending thread included
 * @param loopCpuSeconds the service's event loop: gRPC receive, hand-off (counters, triggers), flusher
 * @param decodeCpuSeconds the worker threads: protobuf to the parser's form, and the parse
 * @param serverCpuSeconds the test server's event loop and the thread making and sending the updates
 * @param othersCpuSeconds what the other processes of the machine took meanwhile (PostgreSQL, and
 *     others sharing its cores)
 */
record GrpcRow(String name, long slots, long transactions, long swapEvents, double readSeconds, double durableSeconds,
               double[] handedOnFromSend, double[] alertFromSend, double[] rowFromSend, double[] alertFromSlotEnd, double[] rowFromSlotEnd,
               long lost, double cpuSeconds, double loopCpuSeconds, double decodeCpuSeconds, double serverCpuSeconds,
               double othersCpuSeconds) {

  static final double[] NONE = {Double.NaN, Double.NaN};
}
