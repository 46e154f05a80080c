package io.mongoelastic.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time spent during a run: by the connector's own threads in this JVM (its task threads, the
 * source's snapshot reader, its producer's network thread), by this whole JVM (worker, broker,
 * benchmark, JIT compiler, GC) and by the embedded MongoDB process. CPU per document is less
 * sensitive to other load on a shared machine than wall time: it counts the work done, not the time
 * spent waiting for a core. The connector figure also leaves out JIT compilation, which weighs on
 * whichever variant runs first.
 */
final class CpuClock {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final ProcessHandle mongo;
  private final String connector;
  private final long processStart;
  private final long mongoStart;
  private final Map<Long, Long> threadStart = new HashMap<>();

  private CpuClock(ProcessHandle mongo, String connector) {
    this.mongo = mongo;
    this.connector = connector;
    for (long id : THREADS.getAllThreadIds()) {
      threadStart.put(id, THREADS.getThreadCpuTime(id));
    }
    this.processStart = processNanos();
    this.mongoStart = mongoNanos(mongo);
  }

  /** Starts counting; {@code connector} is the connector's name (its producer's client id). */
  static CpuClock start(ProcessHandle mongo, String connector) {
    return new CpuClock(mongo, connector);
  }

  /**
   * CPU of the connector's threads since the start, in nanoseconds: its worker task threads ({@code
   * task-thread-<name>-<n>}), {@code mongoelastic-*} threads and its producer's network thread.
   * Threads that ended during the run are not counted.
   */
  long connectorElapsed() {
    long total = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null || !isConnectorThread(info.getThreadName())) {
        continue;
      }
      long now = THREADS.getThreadCpuTime(info.getThreadId());
      if (now >= 0) {
        total += now - threadStart.getOrDefault(info.getThreadId(), 0L);
      }
    }
    return total;
  }

  private boolean isConnectorThread(String name) {
    return name.startsWith("task-thread-" + connector + "-")
        || name.startsWith("mongoelastic-")
        || name.contains("connector-producer-" + connector + "-");
  }

  /** This JVM's CPU since the start, in nanoseconds (-1 when the platform does not tell). */
  long processElapsed() {
    long now = processNanos();
    return now < 0 || processStart < 0 ? -1 : now - processStart;
  }

  /** MongoDB process CPU since the start, in nanoseconds (-1 when unknown). */
  long mongoElapsed() {
    long now = mongoNanos(mongo);
    return now < 0 || mongoStart < 0 ? -1 : now - mongoStart;
  }

  private static long processNanos() {
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
