package io.mongoelastic.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time consumed by this JVM (the Connect worker and the broker) and by the embedded MongoDB
 * process during a run. CPU per document is less sensitive to other load on a shared machine than
 * wall time: it counts the work done, not the time spent waiting for a core.
 */
final class CpuClock {
  private final ProcessHandle mongo;
  private final long workerStart;
  private final long mongoStart;

  private CpuClock(ProcessHandle mongo) {
    this.mongo = mongo;
    this.workerStart = workerNanos();
    this.mongoStart = mongoNanos(mongo);
  }

  static CpuClock start(ProcessHandle mongo) {
    return new CpuClock(mongo);
  }

  /** Worker JVM CPU since the start, in nanoseconds (-1 when the platform does not tell). */
  long workerElapsed() {
    long now = workerNanos();
    return now < 0 || workerStart < 0 ? -1 : now - workerStart;
  }

  /** MongoDB process CPU since the start, in nanoseconds (-1 when unknown). */
  long mongoElapsed() {
    long now = mongoNanos(mongo);
    return now < 0 || mongoStart < 0 ? -1 : now - mongoStart;
  }

  private static long workerNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static long mongoNanos(ProcessHandle process) {
    if (process == null) {
      return -1;
    }
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }
}
