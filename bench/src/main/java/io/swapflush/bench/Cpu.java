package io.swapflush.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** CPU time of this process (all its threads; the database server's is not included), or of some of its threads. */
final class Cpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private Cpu() {
  }

  static double seconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }

  static double seconds(Thread thread) {
    return THREADS.getThreadCpuTime(thread.getId()) / 1e9;
  }

  /** The live threads whose name starts with {@code prefix}. */
  static double seconds(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
        .mapToDouble(Cpu::seconds).filter(s -> s >= 0).sum();
  }
}
