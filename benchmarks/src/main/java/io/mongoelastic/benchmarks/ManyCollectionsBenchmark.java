package io.mongoelastic.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * topic): the part the source's change streams decide; the sink side does not depend on the number
 * of collections (and 1,000 indices would exceed Elasticsearch's default shards per node). Also
 * reported: the task's open change-stream cursors (its MBean's {@code OpenChangeStreams}, when the
 * connector has it) and the heap added, sampled halfway through the untimed warm-up.
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
    synchronized (latencies) {
      latencies.clear();
    }
    try (MongoProcess mongo = ctx.startMongo("many");
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
      try (KafkaArrivalTap tap =
          new KafkaArrivalTap(ctx.stack.bootstrapServers(), topics, 1, this)) {
        Map<String, String> config =
            ConnectorConfigs.ourSource(
                mongo.connectionString(),
                DATABASE,
                String.join(",", names),
                prefix,
                1,
                "never",
                ctx.stack.bootstrapServers());
        ctx.connectors.create(source, config);
        if (!ctx.connectors.awaitRunning(source, 1, 120) || !probe(db, names)) {
          ctx.notes.add("collections: the source never streamed a probe change within 300 s");
          return;
        }
        String cursors = cursors(source);
        result(rep, count, write(db, names), base, cursors);
      }
    } catch (RuntimeException e) {
      ctx.notes.add("collections: run " + rep + " failed: " + e.getMessage());
      BenchmarkContext.log("collections run %d failed: %s", rep, e);
    } finally {
      ctx.connectors.delete(source);
      topics.forEach(ctx.topics::delete);
    }
  }

  /** Inserts one change into the last collection and waits until it is in Kafka. */
  private boolean probe(MongoDatabase db, List<String> names) {
    String last = names.get(names.size() - 1);
    String id = last + "-probe";
    pending.put(id, System.nanoTime());
    db.getCollection(last).insertOne(new Document("_id", id));
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (pending.containsKey(id) && System.nanoTime() < deadline) {
      IndexAdmin.sleep(100);
    }
    return !pending.containsKey(id);
  }

  /** The paced writes; returns {changes written, elapsed nanos, heap added bytes or -1}. */
  private long[] write(MongoDatabase db, List<String> names) {
    int rate = ctx.options.freshnessRate;
    int warmup = ctx.options.freshnessWarmupSeconds;
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

  private void result(int rep, int count, long[] run, long base, String cursors) {
    long[] sorted;
    synchronized (latencies) {
      sorted = latencies.stream().mapToLong(l -> l[1]).sorted().toArray();
    }
    double heapMiB = run[2] < 0 ? -1 : (run[2] - base) / 1048576.0;
    String line =
        String.format(
            "collections run %d: %,d collections, 1 task, %,d inserts at %.0f/s spread over them;"
                + " MongoDB write → in Kafka p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d timed);"
                + " open change-stream cursors of the task: %s; heap added %s%s",
            rep,
            count,
            run[0],
            run[0] / (run[1] / 1e9),
            percentile(sorted, 0.50),
            percentile(sorted, 0.99),
            sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6,
            sorted.length,
            cursors,
            heapMiB < 0 ? "–" : String.format("%.0f MiB", heapMiB),
            pending.isEmpty()
                ? ""
                : String.format(
                    "; %,d changes not in Kafka 60 s after the last write", pending.size()));
    ctx.notes.add(line);
    BenchmarkContext.log("%s", line);
  }

  /** The task's open change-stream cursors from its MBean, or a dash when it has no such figure. */
  private static String cursors(String connector) {
    try {
      Object value =
          ManagementFactory.getPlatformMBeanServer()
              .getAttribute(
                  new ObjectName(
                      "io.mongoelastic:type=source-task,connector="
                          + ObjectName.quote(connector)
                          + ",task=0"),
                  "OpenChangeStreams");
      return String.valueOf(value);
    } catch (JMException e) {
      return "– (not reported by this version)";
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
