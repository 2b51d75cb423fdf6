package io.swapflush.bench;

import java.lang.management.ManagementFactory;

/** CPU time of this process (all its threads; the database server's is not included). */
final class Cpu {

  private Cpu() {
  }

  static double seconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime() / 1e9;
  }
}
