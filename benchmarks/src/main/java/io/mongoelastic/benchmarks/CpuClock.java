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
   * task-thread-<name>-<n>}), {@code mongoelastic-*} threads, its producer's network thread and the
   * sink's bulk threads ({@code es-sink-<name>-*}, counted since 2026-12-03). Threads that ended
   * during the run are not counted.
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
      if (ownedBy(name, connector) || name.startsWith("es-sink-" + connector + "-")) {
        return true;
      }
    }
    return false;
  }

  /**
   * CPU per pipeline stage since the start, in nanoseconds: the source connector's threads (task
   * threads, producer network thread, {@code mongoelastic-*} snapshot readers and discovery), the
   * broker's (request handlers, network threads, coordinators, KRaft), the sink connector's (task
   * threads, consumer, {@code es-sink-*} bulk dispatcher and senders), and the rest of this JVM
   * (the Connect worker's framework, GC, JIT, the benchmark's probes).
   */
  record Stages(long source, long broker, long sink, long rest) {
    /** The pipeline's CPU (source, broker and sink) per document, in microseconds. */
    double pipelineMicros(long docs) {
      return (source + broker + sink) / 1e3 / docs;
    }
  }

  /** Splits the JVM's CPU since the start by stage; see {@link Stages}. */
  Stages stages(String source, String sink) {
    long sourceNanos = 0;
    long brokerNanos = 0;
    long sinkNanos = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long now = THREADS.getThreadCpuTime(info.getThreadId());
      if (now < 0) {
        continue;
      }
      long used = now - threadStart.getOrDefault(info.getThreadId(), 0L);
      String name = info.getThreadName();
      if (name.startsWith("mongoelastic-") || ownedBy(name, source)) {
        sourceNanos += used;
      } else if (ownedBy(name, sink) || name.startsWith("es-sink-" + sink + "-")) {
        sinkNanos += used;
      } else if (isBrokerThread(name)) {
        brokerNanos += used;
      }
    }
    long process = processElapsed();
    long rest = process < 0 ? -1 : process - sourceNanos - brokerNanos - sinkNanos;
    return new Stages(sourceNanos, brokerNanos, sinkNanos, rest);
  }

  /** A line of CPU per document by stage, with the pipeline's ratio to Elasticsearch's. */
  static String describe(Stages stages, long elasticsearchNanos, long docs) {
    String line =
        String.format(
            "source %.1f µs, broker %.1f µs, sink %.1f µs, rest of the JVM %.1f µs",
            stages.source() / 1e3 / docs,
            stages.broker() / 1e3 / docs,
            stages.sink() / 1e3 / docs,
            stages.rest() / 1e3 / docs);
    if (elasticsearchNanos > 0) {
      line +=
          String.format(
              "; pipeline / Elasticsearch %.2f",
              stages.pipelineMicros(docs) / (elasticsearchNanos / 1e3 / docs));
    }
    return line;
  }

  private static boolean ownedBy(String thread, String connector) {
    return thread.startsWith("task-thread-" + connector + "-")
        || thread.contains("connector-producer-" + connector + "-")
        || thread.contains("connector-consumer-" + connector + "-");
  }

  /** Threads of the in-JVM KRaft broker and controller (Kafka 4.3's names). */
  private static boolean isBrokerThread(String name) {
    return name.startsWith("data-plane-kafka-")
        || name.startsWith("kafka-scheduler-")
        || name.startsWith("kafka-log-cleaner-")
        || name.matches("kafka-\\d+-.*")
        || name.startsWith("broker-")
        || name.startsWith("controller-")
        || name.startsWith("quorum-controller-")
        || name.startsWith("raft-")
        || name.startsWith("group-coordinator-")
        || name.startsWith("share-")
        || name.startsWith("transaction-log-manager-")
        || name.startsWith("ExpirationReaper-")
        || name.startsWith("executor-");
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
