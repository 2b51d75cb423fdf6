package io.swapflush.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process (all its threads; the database server's is not included), of some of
 * its threads, or of the whole machine.
 */
final class Cpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** The unit of /proc's CPU times: {@code getconf CLK_TCK} (USER_HZ, 100 on Linux whatever the kernel's HZ). */
  private static final double TICKS_PER_SECOND = clockTicks();

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

  /**
   * utime + stime of another process ({@code /proc/<pid>/stat}); NaN once it has exited or where
   * there is no {@code /proc}.
   */
  static double processSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // after the command name in parentheses: state is field 3, utime 14, stime 15
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * CPU time the machine spent busy, every process and the time the hypervisor took included
   * ({@code /proc/stat}): what others took of shared cores during a row is this less
   * {@link #seconds()}. NaN where there is no {@code /proc/stat}.
   */
  static double machineSeconds() {
    try {
      String[] ticks = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      // user nice system idle iowait irq softirq steal: all but idle and iowait
      for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(ticks[field]);
      }
      return busy / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The executable's name of a process ({@code /proc/<pid>/comm}); empty once it has exited or without /proc. */
  static String processName(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static double clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      return Double.parseDouble(new String(getconf.getInputStream().readAllBytes()).strip());
    } catch (IOException | RuntimeException e) {
      return 100;
    }
  }
}
