package io.swapflush.bench;

import java.util.List;

/**
 * CPU seconds at one moment of a fleet row, split by who spent them: the swapflush instances, the
 * Kafka broker (the benchmark's other child process), this benchmark JVM, and the rest of the
 * machine (PostgreSQL, and whatever else shares its cores).
 */
record FleetCpu(long nanos, double instances, double broker, double bench, double machine) {

  static FleetCpu now(List<ServiceInstance> instances) {
    List<Long> pids = instances.stream().map(ServiceInstance::pid).toList();
    double own = instances.stream().mapToDouble(ServiceInstance::cpuSeconds).sum();
    double broker = ProcessHandle.current().children().filter(p -> !pids.contains(p.pid()))
        .mapToDouble(p -> Cpu.processSeconds(p.pid())).filter(s -> !Double.isNaN(s)).sum();
    return new FleetCpu(System.nanoTime(), own, broker, Cpu.seconds(), Cpu.machineSeconds());
  }

  /** What was spent from {@code before} to this moment. */
  FleetCpu since(FleetCpu before) {
    return new FleetCpu(nanos - before.nanos, instances - before.instances, broker - before.broker,
        bench - before.bench, machine - before.machine);
  }

  double seconds() {
    return nanos / 1e9;
  }

  /** PostgreSQL and the rest of the machine: busy time less the instances, the broker and the benchmark. */
  double others() {
    return machine - instances - broker - bench;
  }
}
