package io.mongoelastic.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent during a run: by the connectors' own threads in this JVM (task threads, the
 * source's snapshot reader, producer network threads), by this whole JVM (worker, broker,
 * benchmark, JIT compiler, GC), by the embedded MongoDB process and by Elasticsearch. CPU per
 * document is less sensitive to other load on a shared machine than wall time: it counts the work
 * done, not the time spent waiting for a core. The connector figure also leaves out JIT
 * compilation, which weighs on whichever variant runs first.
 */
final class CpuClock {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final ProcessHandle mongo;
  private final ProcessHandle elasticsearch;
  private final List<String> connectors;
  private final long processStart;
  private final long jitStart;
  private final long mongoStart;
  private final long elasticsearchStart;
  private final Map<Long, Long> threadStart = new HashMap<>();

  private CpuClock(ProcessHandle mongo, ProcessHandle elasticsearch, List<String> connectors) {
    this.mongo = mongo;
    this.elasticsearch = elasticsearch;
    this.connectors = connectors;
    for (long id : THREADS.getAllThreadIds()) {
      threadStart.put(id, THREADS.getThreadCpuTime(id));
    }
    this.processStart = processNanos();
    this.jitStart = jitNanos();
    this.mongoStart = cpuNanos(mongo);
    this.elasticsearchStart = cpuNanos(elasticsearch);
  }

  /**
   * Starts counting; {@code connectors} are the connectors' names (their producers' and consumers'
   * client ids); {@code mongo} or {@code elasticsearch} may be null (not measured).
   */
  static CpuClock start(ProcessHandle mongo, ProcessHandle elasticsearch, String... connectors) {
    return new CpuClock(mongo, elasticsearch, List.of(connectors));
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
    if (name.startsWith("mongoelastic-")) {
      return true;
    }
    for (String connector : connectors) {
      if (name.startsWith("task-thread-" + connector + "-")
          || name.contains("connector-producer-" + connector + "-")
          || name.contains("connector-consumer-" + connector + "-")) {
        return true;
      }
    }
    return false;
  }

  /** This JVM's CPU since the start, in nanoseconds (-1 when the platform does not tell). */
  long processElapsed() {
    long now = processNanos();
    return now < 0 || processStart < 0 ? -1 : now - processStart;
  }

  /** MongoDB process CPU since the start, in nanoseconds (-1 when unknown). */
  long mongoElapsed() {
    long now = cpuNanos(mongo);
    return now < 0 || mongoStart < 0 ? -1 : now - mongoStart;
  }

  /** CPU since the start, in nanoseconds, of each part (-1 where unknown). */
  record Reading(long connector, long jvm, long jit, long mongo, long elasticsearch) {}

  /** A reading per document, for a log line. */
  static String describe(Reading cpu, long docs) {
    StringBuilder out = new StringBuilder();
    append(out, "connector threads", cpu.connector(), docs);
    append(out, "runner JVM", cpu.jvm(), docs);
    append(out, "of which JIT", cpu.jit(), docs);
    append(out, "MongoDB", cpu.mongo(), docs);
    append(out, "Elasticsearch", cpu.elasticsearch(), docs);
    return out.toString();
  }

  private static void append(StringBuilder out, String part, long nanos, long docs) {
    if (nanos > 0) {
      out.append(out.isEmpty() ? "" : ", ")
          .append(String.format("%s %.1f µs", part, nanos / 1e3 / docs));
    }
  }

  /** Reads every counter now. */
  Reading read() {
    return new Reading(
        connectorElapsed(),
        processElapsed(),
        jitNanos() - jitStart,
        mongoElapsed(),
        elasticsearchElapsed());
  }

  /** Elasticsearch process CPU since the start, in nanoseconds (-1 when unknown). */
  long elasticsearchElapsed() {
    long now = cpuNanos(elasticsearch);
    return now < 0 || elasticsearchStart < 0 ? -1 : now - elasticsearchStart;
  }

  /**
   * Time the runner JVM's JIT compilers spent since it started (wall time of the compiler threads,
   * part of the JVM's CPU): a run that still compiles a lot pays for code a warm worker has ready.
   */
  private static long jitNanos() {
    var compilation = ManagementFactory.getCompilationMXBean();
    return compilation != null && compilation.isCompilationTimeMonitoringSupported()
        ? compilation.getTotalCompilationTime() * 1_000_000
        : 0;
  }

  private static long processNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  private static long cpuNanos(ProcessHandle process) {
    if (process == null) {
      return -1;
    }
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }
}
