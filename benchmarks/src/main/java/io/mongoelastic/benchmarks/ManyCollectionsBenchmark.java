package io.mongoelastic.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import javax.management.JMException;
import javax.management.ObjectName;
import org.bson.Document;

/**
 * Issue 20 item 1: one source task streaming many collections ({@code --collections}, 1,000 by
 * default) while {@code --freshness-rate} inserts per second (1,000) are spread over them at
 * random. Freshness here is MongoDB write → record in Kafka (a {@link KafkaArrivalTap} on every
 * topic, in a JVM of its own so that its consumer's buffers stay out of the heap figure): the part
 * the source's change streams decide; the sink side does not depend on the number of collections
 * (and 1,000 indices would exceed Elasticsearch's default shards per node). Also reported: the
 * task's open change-stream cursors (its MBean's {@code OpenChangeStreams}, when the connector has
 * it) and the heap added to the runner JVM (the worker and the broker), sampled halfway through the
 * untimed warm-up.
 */
final class ManyCollectionsBenchmark implements KafkaArrivalTap.Listener {
  static final String SCENARIO = "collections";
  private static final String DATABASE = "many";
  private static final int WRITERS = 4;
  private final BenchmarkContext ctx;
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  // {write start, latency}, of the changes written after the warm-up.
  private final List<long[]> latencies = new ArrayList<>();
  private volatile long timedFromNanos = Long.MAX_VALUE;
  private double probeSeconds;
  // The task's StreamLagMs (write → hand-off to the worker), sampled during the timed part.
  private final List<Long> lags = new ArrayList<>();

  ManyCollectionsBenchmark(BenchmarkContext ctx) {
    this.ctx = ctx;
  }

  void run() {
    for (int rep = 1; rep <= ctx.options.repeat; rep++) {
      once(rep);
    }
  }

  private static String name(int collection) {
    return String.format("c%04d", collection);
  }

  private void once(int rep) {
    int count = ctx.options.collections;
    String prefix = "many" + rep;
    String source = prefix + "-source";
    List<String> names =
        IntStream.range(0, count).mapToObj(ManyCollectionsBenchmark::name).toList();
    List<String> topics = names.stream().map(n -> prefix + "." + DATABASE + "." + n).toList();
    pending.clear();
    // The probe of a second run must not count as timed against the first run's clock.
    timedFromNanos = Long.MAX_VALUE;
    synchronized (latencies) {
      latencies.clear();
    }
    synchronized (lags) {
      lags.clear();
    }
    // The embedded server's young collections (parallel collector) paused it for 0.4–2.3 s every
    // ~20 s on a busy machine as the inserted documents piled up: the tail of this latency run, and
    // not MongoDB's.
    try (MongoProcess mongo = ctx.startMongo("many", MongoProcess.Collector.LOW_PAUSE);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoDatabase db = client.getDatabase(DATABASE);
      for (String n : names) {
        db.getCollection(n).insertOne(new Document("_id", n + "-seed"));
      }
      for (String topic : topics) {
        ctx.topics.create(topic, 1);
      }
      BenchmarkContext.log("collections: %,d collections and topics created", count);
      long base = HeapSampler.settledHeap();
      // The tap (a consumer of every topic) runs in a JVM of its own: the heap figure is then the
      // runner's, that is the worker's and the broker's.
      try (KafkaArrivalTapProcess tap =
          KafkaArrivalTapProcess.start(
              ctx.stack.bootstrapServers(),
              topics,
              1,
              this,
              nanos -> {},
              ctx.work().resolve("logs/arrival-tap-" + prefix + ".log"))) {
        BenchmarkContext.log(
            "collections: arrival tap process started, its clock %+,d ns from ours (± %,d ns)",
            tap.clockOffsetNanos(), tap.clockOffsetErrorNanos());
        Map<String, String> config =
            ConnectorConfigs.ourSource(
                mongo.connectionString(),
                DATABASE,
                String.join(",", names),
                prefix,
                1,
                "never",
                ctx.stack.bootstrapServers());
        // One topic per collection: the producer holds a batch.size buffer per partition with
        // records waiting, and 1,000 of the example's 256 KiB exceed its 32 MiB buffer.memory.
        config.remove(ConnectorConfigs.PRODUCER_BATCH_SIZE);
        ctx.connectors.create(source, config);
        if (!ctx.connectors.awaitRunning(source, 1, 120) || !probe(db, names)) {
          ctx.notes.add(
              String.format(
                  "collections: %,d of %,d probe changes (one per collection) not in Kafka 300 s"
                      + " after the task started",
                  pending.size(), count));
          return;
        }
        String cursors = cursors(source);
        Thread lagSampler = sampleLag(source);
        long[] run = write(db, names);
        lagSampler.interrupt();
        result(rep, count, run, base, cursors, producerQueueing(source));
      }
    } catch (RuntimeException e) {
      ctx.notes.add("collections: run " + rep + " failed: " + e.getMessage());
      BenchmarkContext.log("collections run %d failed: %s", rep, e);
    } finally {
      ctx.connectors.delete(source);
      topics.forEach(ctx.topics::delete);
    }
  }

  /**
   * Inserts one change into every collection and waits until all are in Kafka: the stream is open
   * for every collection, and the worker's producer knows every topic (its first record to a topic
   * waits for the topic's metadata), before the clock runs. Returns false after 300 s.
   */
  private boolean probe(MongoDatabase db, List<String> names) {
    long start = System.nanoTime();
    for (String name : names) {
      String id = name + "-probe";
      pending.put(id, System.nanoTime());
      db.getCollection(name).insertOne(new Document("_id", id));
    }
    long deadline = start + 300_000_000_000L;
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      IndexAdmin.sleep(100);
    }
    probeSeconds = (System.nanoTime() - start) / 1e9;
    return pending.isEmpty();
  }

  /** The paced writes; returns {changes written, elapsed nanos, heap added bytes or -1}. */
  private long[] write(MongoDatabase db, List<String> names) {
    int rate = ctx.options.freshnessRate;
    // Untimed paced writes first: this scenario measures the steady state of many collections; the
    // start's backlog shows in the first tenth of the timed writes when the warm-up is short.
    int warmup = ctx.options.collectionsWarmupSeconds;
    long total = (long) rate * (warmup + ctx.options.freshnessSeconds);
    AtomicLong written = new AtomicLong();
    long start = System.nanoTime();
    timedFromNanos = start + warmup * 1_000_000_000L;
    try (HeapSampler heap = HeapSampler.onDemand(ctx.options.gcIntervalMs >= 0)) {
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        long share = total / WRITERS + (writer < total % WRITERS ? 1 : 0);
        Thread thread =
            new Thread(
                () -> written.addAndGet(writeShare(db, names, writer, share, rate, start)),
                "collections-writer-" + w);
        threads.add(thread);
        thread.start();
      }
      IndexAdmin.sleep(warmup * 500L);
      heap.sample();
      for (Thread thread : threads) {
        join(thread);
      }
      long elapsed = System.nanoTime() - start;
      long drainDeadline = System.nanoTime() + 60_000_000_000L;
      while (!pending.isEmpty() && System.nanoTime() < drainDeadline) {
        IndexAdmin.sleep(20);
      }
      return new long[] {written.get(), elapsed, heap.peak() < 0 ? -1 : heap.peak()};
    }
  }

  private long writeShare(
      MongoDatabase db, List<String> names, int writer, long count, int rate, long start) {
    SplittableRandom random = new SplittableRandom(7 + writer);
    double period = 1e9 * WRITERS / rate;
    for (long i = 0; i < count; i++) {
      long wait = start + (long) (i * period) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      String collection = names.get(random.nextInt(names.size()));
      String id = collection + "-" + writer + "-" + i;
      pending.put(id, System.nanoTime());
      db.getCollection(collection).insertOne(DocumentGenerator.bson((int) i).append("_id", id));
    }
    return count;
  }

  @Override
  public void arrived(String id, boolean tombstone, int rev, long nanos) {
    Long started = pending.remove(id);
    if (started != null && started >= timedFromNanos) {
      synchronized (latencies) {
        latencies.add(new long[] {started, nanos - started});
      }
    }
  }

  private void result(int rep, int count, long[] run, long base, String cursors, String producer) {
    long[] sorted;
    long[] early;
    long[] late;
    synchronized (latencies) {
      sorted = latencies.stream().mapToLong(l -> l[1]).sorted().toArray();
      long first = latencies.stream().mapToLong(l -> l[0]).min().orElse(0);
      long last = latencies.stream().mapToLong(l -> l[0]).max().orElse(0);
      long tenth = Math.max(1, (last - first) / 10);
      early =
          latencies.stream()
              .filter(l -> l[0] <= first + tenth)
              .mapToLong(l -> l[1])
              .sorted()
              .toArray();
      late =
          latencies.stream()
              .filter(l -> l[0] >= last - tenth)
              .mapToLong(l -> l[1])
              .sorted()
              .toArray();
    }
    String tail = tailSeconds(LatencyWindow.percentile(sorted, 0.99));
    double heapMiB = run[2] < 0 ? -1 : (run[2] - base) / 1048576.0;
    long[] lag;
    synchronized (lags) {
      lag = lags.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    String line =
        String.format(
            "collections run %d: %,d collections, 1 task, %,d inserts at %.0f/s spread over them"
                + " (the first %d s untimed); MongoDB write → in Kafka p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d timed;"
                + " p50 of the first / last tenth %.0f / %.0f ms);"
                + " the task's StreamLagMs (write → handed to the worker) sampled every 100 ms:"
                + " p50 %.0f ms, p99 %.0f ms; open change-stream cursors of the task: %s;"
                + " heap added to the runner JVM (worker and broker; the arrival tap and MongoDB run in"
                + " JVMs of their own) %s; a first change in every collection reached Kafka in %.1f s;"
                + " the worker's producer for the task: %s; the changes over the p99 were written"
                + " in %s%s",
            rep,
            count,
            run[0],
            run[0] / (run[1] / 1e9),
            ctx.options.collectionsWarmupSeconds,
            LatencyWindow.percentile(sorted, 0.50),
            LatencyWindow.percentile(sorted, 0.99),
            sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6,
            sorted.length,
            LatencyWindow.percentile(early, 0.50),
            LatencyWindow.percentile(late, 0.50),
            LatencyWindow.percentile(lag, 0.50) * 1e6,
            LatencyWindow.percentile(lag, 0.99) * 1e6,
            cursors,
            heapMiB < 0 ? "–" : String.format("%.0f MiB", heapMiB),
            probeSeconds,
            producer,
            tail,
            pending.isEmpty()
                ? ""
                : String.format(
                    "; %,d changes not in Kafka 60 s after the last write", pending.size()));
    ctx.notes.add(line);
    BenchmarkContext.log("%s", line);
  }

  /**
   * Where the tail comes from: the three wall-clock seconds in which most changes over the p99 were
   * written, with their slowest, to set beside GC logs and the processes' own logs. A tail spread
   * over the run is steady jitter; one in a few seconds is a stall.
   */
  private String tailSeconds(double p99Ms) {
    long wallMinusNanoMs = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    Map<Long, long[]> bySecond = new TreeMap<>();
    synchronized (latencies) {
      for (long[] l : latencies) {
        if (l[1] / 1e6 > p99Ms) {
          long second = (l[0] / 1_000_000 + wallMinusNanoMs) / 1000;
          long[] slot = bySecond.computeIfAbsent(second, k -> new long[2]);
          slot[0]++;
          slot[1] = Math.max(slot[1], l[1]);
        }
      }
    }
    return bySecond.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
        .limit(3)
        .map(
            e ->
                String.format(
                    "%tT (%,d, up to %,.0f ms)",
                    e.getKey() * 1000, e.getValue()[0], e.getValue()[1] / 1e6))
        .reduce((a, b) -> a + ", " + b)
        .map(s -> s + " of " + bySecond.size() + " seconds with any")
        .orElse("–");
  }

  /**
   * Samples the task's {@code StreamLagMs} every 100 ms of the timed part: the source's share of
   * the latency (MongoDB write → records handed to the worker), without the producer and broker.
   */
  private Thread sampleLag(String connector) {
    Thread thread =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  Thread.sleep(100);
                  if (System.nanoTime() >= timedFromNanos) {
                    Object lag = attribute(connector, "StreamLagMs");
                    if (lag instanceof Long value && value >= 0) {
                      synchronized (lags) {
                        lags.add(value);
                      }
                    }
                  }
                }
              } catch (InterruptedException e) {
                // the run is over
              }
            },
            "collections-lag-sampler");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static Object attribute(String connector, String name) {
    try {
      return ManagementFactory.getPlatformMBeanServer()
          .getAttribute(
              new ObjectName(
                  "io.mongoelastic:type=source-task,connector="
                      + ObjectName.quote(connector)
                      + ",task=0"),
              name);
    } catch (JMException e) {
      return null;
    }
  }

  /**
   * How long the task's records waited in the worker's producer before being sent, and how long the
   * broker took to answer (the producer's own metrics, averaged over its life): where the time
   * between the hand-off to the worker and the arrival in Kafka goes.
   */
  private static String producerQueueing(String connector) {
    try {
      ObjectName name =
          new ObjectName(
              "kafka.producer:type=producer-metrics,client-id=connector-producer-"
                  + connector
                  + "-0");
      var server = ManagementFactory.getPlatformMBeanServer();
      return String.format(
          "record queue time avg %.0f ms / max %.0f ms, request latency avg %.0f ms, %.1f records"
              + " per request",
          (Double) server.getAttribute(name, "record-queue-time-avg"),
          (Double) server.getAttribute(name, "record-queue-time-max"),
          (Double) server.getAttribute(name, "request-latency-avg"),
          (Double) server.getAttribute(name, "records-per-request-avg"));
    } catch (JMException | RuntimeException e) {
      return "no producer metrics (" + e.getMessage() + ")";
    }
  }

  /** The task's open change-stream cursors from its MBean, or a dash when it has no such figure. */
  private static String cursors(String connector) {
    Object value = attribute(connector, "OpenChangeStreams");
    return value == null ? "– (not reported by this version)" : String.valueOf(value);
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
