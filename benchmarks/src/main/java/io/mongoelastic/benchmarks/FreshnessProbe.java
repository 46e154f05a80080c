package io.mongoelastic.benchmarks;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;

/**
 * Freshness: four paced writers make a steady rate of changes in MongoDB (50 % inserts, 35 %
 * updates that raise a {@code rev} field, 15 % deletes). Latency = the moment Elasticsearch's bulk
 * response acknowledging the change reached the sink (seen by a {@link BulkAckTap} in front of the
 * node) − the moment just before the MongoDB write; nothing polls, so the measurement adds no
 * period of its own and no load on the node. A {@link KafkaArrivalTap} also notes when the change
 * reached the topic, which splits the figure into the source's and the sink's share. A document has
 * at most one change pending at a time, so each observation is unambiguous.
 */
final class FreshnessProbe implements BulkAckTap.Listener, KafkaArrivalTap.Listener {
  private static final int DRAIN_SECONDS = 60;
  private final MongoCollection<Document> collection;
  private final int initialDocs;
  private final int sampleEvery;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private static final int WRITERS = 4;
  private final List<ConcurrentLinkedQueue<String>> settled = new ArrayList<>();

  /** {write start, ack latency, Kafka arrival latency or -1, request sent latency}. */
  private final List<long[]> latencies = new ArrayList<>();

  private enum Kind {
    INSERT,
    UPDATE,
    DELETE
  }

  private static final class Pending {
    final Kind kind;
    final int rev;
    final long startNanos;
    final int writer;
    volatile long kafkaNanos = -1;

    Pending(Kind kind, int rev, long startNanos, int writer) {
      this.kind = kind;
      this.rev = rev;
      this.startNanos = startNanos;
      this.writer = writer;
    }

    boolean matches(boolean delete, int seenRev) {
      return kind == Kind.DELETE ? delete : !delete && seenRev == rev;
    }
  }

  FreshnessProbe(MongoCollection<Document> collection, int initialDocs, int sampleEvery) {
    this.collection = collection;
    this.initialDocs = initialDocs;
    this.sampleEvery = sampleEvery;
    for (int w = 0; w < WRITERS; w++) {
      settled.add(new ConcurrentLinkedQueue<>());
    }
  }

  /** Changes written before this moment are not timed (warm-up). */
  private volatile long timedFromNanos = Long.MAX_VALUE;

  /**
   * @param warmupSeconds how long the paced writes run untimed first, so JIT compilation, the first
   *     segments and connection set-up of a fresh stack do not count as steady state
   * @param requests describes the bulk requests seen during the run, for the note
   */
  FreshnessResult run(
      int rate,
      int warmupSeconds,
      int seconds,
      long gcIntervalMs,
      long idleHeap,
      java.util.function.Supplier<String> requests) {
    long total = (long) rate * (warmupSeconds + seconds);
    long written;
    long elapsed;
    long heapAdded;
    // One heap sample, halfway through the untimed warm-up (the pipeline already at its steady
    // rate): periodic forced collections would stop the worker during the timed part and show up
    // in its percentiles.
    try (HeapSampler heap = HeapSampler.onDemand(gcIntervalMs >= 0)) {
      long start = System.nanoTime();
      timedFromNanos = start + warmupSeconds * 1_000_000_000L;
      Thread sampler =
          new Thread(
              () -> {
                IndexAdmin.sleep(warmupSeconds * 500L);
                heap.sample();
              },
              "freshness-heap-sample");
      sampler.setDaemon(true);
      sampler.start();
      written = write(rate, total, start);
      awaitQuietly(sampler);
      elapsed = System.nanoTime() - start;
      long drainDeadline = System.nanoTime() + DRAIN_SECONDS * 1_000_000_000L;
      while (!pending.isEmpty() && System.nanoTime() < drainDeadline) {
        IndexAdmin.sleep(20);
      }
      heapAdded = heap.peak() < 0 ? -1 : heap.peak() - idleHeap;
    }
    long[] sorted;
    long[] kafka;
    long[] sent;
    String trend;
    synchronized (latencies) {
      sorted = latencies.stream().mapToLong(l -> l[1]).toArray();
      kafka = latencies.stream().filter(l -> l[2] >= 0).mapToLong(l -> l[2]).toArray();
      sent = latencies.stream().mapToLong(l -> l[3]).toArray();
      trend = trend(latencies, seconds);
    }
    Arrays.sort(sorted);
    Arrays.sort(kafka);
    Arrays.sort(sent);
    long missed = pending.size();
    String note =
        String.format(
            "mix 50%% insert / 35%% update / 15%% delete; first %d s untimed (warm-up); from"
                + " the write, p50 / p99: in Kafka %.1f / %.1f ms, bulk request sent %.1f / %.1f"
                + " ms; %s; %s%s",
            warmupSeconds,
            percentile(kafka, 0.50),
            percentile(kafka, 0.99),
            percentile(sent, 0.50),
            percentile(sent, 0.99),
            requests.get(),
            trend,
            missed == 0
                ? ""
                : String.format("; %,d changes not visible after %d s", missed, DRAIN_SECONDS));
    return new FreshnessResult(
        "",
        written,
        sorted.length,
        written / (elapsed / 1e9),
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6,
        heapAdded < 0 ? -1 : heapAdded / 1048576.0,
        note);
  }

  /**
   * Runs {@link #WRITERS} paced writer threads, each owning the documents whose number modulo the
   * thread count is its own, so a document never has two changes pending.
   */
  private long write(int rate, long total, long start) {
    List<Thread> threads = new ArrayList<>();
    java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      long share = total / WRITERS + (writer < total % WRITERS ? 1 : 0);
      Thread thread =
          new Thread(
              () -> done.addAndGet(writeShare(writer, share, (double) rate / WRITERS, start)),
              "freshness-writer-" + w);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted", e);
      }
    }
    return done.get();
  }

  private long writeShare(int writer, long count, double rate, long start) {
    SplittableRandom random = new SplittableRandom(42 + writer);
    List<String> available = new ArrayList<>();
    Map<String, Integer> revs = new HashMap<>();
    for (int n = writer; n < initialDocs; n += WRITERS) {
      available.add(DocumentGenerator.id(n));
      revs.put(DocumentGenerator.id(n), 0);
    }
    ConcurrentLinkedQueue<String> mine = settled.get(writer);
    long nextNew = initialDocs + writer;
    double period = 1e9 / rate;
    long done = 0;
    for (long i = 0; i < count; i++) {
      long due = start + (long) (i * period);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      for (String id = mine.poll(); id != null; id = mine.poll()) {
        available.add(id);
      }
      double dice = random.nextDouble();
      // Only every sampleEvery-th change is tracked: fewer real-time GETs, less disturbance.
      boolean tracked = i % sampleEvery == 0;
      if (dice < 0.5 || available.isEmpty()) {
        String id = DocumentGenerator.id(nextNew);
        Document doc = DocumentGenerator.bson(nextNew);
        nextNew += WRITERS;
        revs.put(id, 0);
        if (tracked) {
          pending.put(id, new Pending(Kind.INSERT, 0, System.nanoTime(), writer));
        }
        collection.insertOne(doc);
        if (!tracked) {
          available.add(id);
        }
      } else {
        int slot = random.nextInt(available.size());
        String id = available.get(slot);
        available.set(slot, available.get(available.size() - 1));
        available.remove(available.size() - 1);
        if (dice < 0.85) {
          int rev = revs.merge(id, 1, Integer::sum);
          if (tracked) {
            pending.put(id, new Pending(Kind.UPDATE, rev, System.nanoTime(), writer));
          }
          collection.updateOne(Filters.eq("_id", id), Updates.set("rev", rev));
          if (!tracked) {
            available.add(id);
          }
        } else {
          revs.remove(id);
          if (tracked) {
            pending.put(id, new Pending(Kind.DELETE, -1, System.nanoTime(), writer));
          }
          collection.deleteOne(Filters.eq("_id", id));
        }
      }
      done++;
    }
    return done;
  }

  @Override
  public void arrived(String id, boolean tombstone, int rev, long nanos) {
    Pending change = pending.get(id);
    if (change != null && change.kafkaNanos < 0 && change.matches(tombstone, rev)) {
      change.kafkaNanos = nanos;
    }
  }

  @Override
  public void acknowledged(String id, String op, int rev, long sentNanos, long ackNanos) {
    Pending change = pending.get(id);
    if (change == null || !change.matches(op.equals("delete"), rev)) {
      return;
    }
    if (pending.remove(id, change)) {
      long kafka = change.kafkaNanos < 0 ? -1 : change.kafkaNanos - change.startNanos;
      if (change.startNanos < timedFromNanos) {
        settle(change, id);
        return;
      }
      synchronized (latencies) {
        latencies.add(
            new long[] {
              change.startNanos, ackNanos - change.startNanos, kafka, sentNanos - change.startNanos
            });
      }
      settle(change, id);
    }
  }

  /** Hands a document whose change was seen back to its writer for another change. */
  private void settle(Pending change, String id) {
    if (change.kind != Kind.DELETE) {
      settled.get(change.writer).add(id);
    }
  }

  /**
   * Median latency of the changes written in the first and in the last tenth of the run: close
   * values mean a steady state, a growing one means the pipeline falls behind the rate.
   */
  private static String trend(List<long[]> samples, int seconds) {
    if (samples.isEmpty()) {
      return "no change observed";
    }
    long first = samples.stream().mapToLong(l -> l[0]).min().orElse(0);
    long last = samples.stream().mapToLong(l -> l[0]).max().orElse(0);
    long tenth = Math.max(1, (last - first) / 10);
    long[] early =
        samples.stream().filter(l -> l[0] <= first + tenth).mapToLong(l -> l[1]).sorted().toArray();
    long[] late =
        samples.stream().filter(l -> l[0] >= last - tenth).mapToLong(l -> l[1]).sorted().toArray();
    return String.format(
        "p50 of the first / last tenth of the run %.0f / %.0f ms",
        percentile(early, 0.5), percentile(late, 0.5));
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
  }

  private static void awaitQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
