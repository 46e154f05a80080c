package io.mongoelastic.benchmarks;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * Freshness: four paced writers make a steady rate of changes in MongoDB (50 % inserts, 35 %
 * updates that raise a {@code rev} field, 15 % deletes). Latency = the moment Elasticsearch's bulk
 * response acknowledging the change reached the sink (seen by a {@link BulkAckTap} in front of the
 * node) − the moment just before the MongoDB write; nothing polls, so the measurement adds no
 * period of its own and no load on the node. A {@link KafkaArrivalTap} also notes when the change
 * reached the topic, which splits the figure into the source's and the sink's share. A document has
 * at most one change pending at a time, so each observation is unambiguous.
 *
 * <p>A writer that falls behind its schedule (a write's round trip longer than its share of the
 * period, as when the embedded MongoDB serves a snapshot's reads on the same two cores) sends every
 * change due by then in one unordered bulk write: still one change per document and one change
 * event each, but one round trip, so the asked rate is kept while the server's throughput allows.
 * Each change is timed from the moment its bulk write was sent. The round trips are reported, so a
 * rate that is still missed says why.
 */
final class FreshnessProbe implements BulkAckTap.Listener, KafkaArrivalTap.Listener {
  private static final int DRAIN_SECONDS = 60;
  private static final int TAIL_SECONDS = 2;
  private static final int TIMELINE_STEP_SECONDS = 10;
  private final MongoCollection<Document> collection;
  private final int initialDocs;
  private final int sampleEvery;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private static final int WRITERS = 4;
  // Most changes one writer sends in one bulk write when behind its schedule.
  private static final int MAX_BATCH = 100;
  private final List<Long> roundTrips = new ArrayList<>();
  private final List<ConcurrentLinkedQueue<String>> settled = new ArrayList<>();

  private final List<FreshnessSample> latencies = new ArrayList<>();

  private static final class Pending {
    final ChangeMix.Kind kind;
    final int rev;
    final long startNanos;
    final int writer;
    volatile long kafkaNanos = -1;

    Pending(ChangeMix.Kind kind, int rev, long startNanos, int writer) {
      this.kind = kind;
      this.rev = rev;
      this.startNanos = startNanos;
      this.writer = writer;
    }

    boolean matches(boolean delete, int seenRev) {
      return kind == ChangeMix.Kind.DELETE ? delete : !delete && seenRev == rev;
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

  /** The clock's zero: the moment both connectors were RUNNING. */
  private volatile long zeroNanos;

  /** Changes written from this moment on are not timed (the heap is sampled meanwhile). */
  private volatile long timedUntilNanos = Long.MAX_VALUE;

  private final AtomicLong tracked = new AtomicLong();

  /**
   * Writes at {@code rate} from now, the moment both connectors were RUNNING, for {@code seconds}
   * timed seconds plus {@link #TAIL_SECONDS} untimed ones, in which the heap is sampled once (a
   * forced collection stops the worker: inside the timed part it would show in the percentiles).
   *
   * @param coldSeconds length of the cold phase: what users see after a deploy, restart or
   *     rebalance; the steady phase is what follows
   * @param goalFromSecond the second of the cold phase from which the latency goal applies
   * @param requests describes the bulk requests seen during the run, for the note
   */
  FreshnessResult run(
      int rate,
      int seconds,
      int coldSeconds,
      int goalFromSecond,
      long gcIntervalMs,
      long idleHeap,
      Supplier<String> requests) {
    long total = (long) rate * (seconds + TAIL_SECONDS);
    long written;
    long elapsed;
    long heapAdded;
    double loadMean;
    double loadMax;
    try (HeapSampler heap = HeapSampler.onDemand(gcIntervalMs >= 0);
        LoadAverageSampler load = new LoadAverageSampler()) {
      long start = System.nanoTime();
      zeroNanos = start;
      timedUntilNanos = start + seconds * 1_000_000_000L;
      Thread sampler =
          new Thread(
              () -> {
                IndexAdmin.sleep(seconds * 1_000L + 1_000L);
                heap.sample();
              },
              "freshness-heap-sample");
      sampler.setDaemon(true);
      sampler.start();
      written = write(rate, total, start, () -> false);
      awaitQuietly(sampler);
      elapsed = System.nanoTime() - start;
      drain();
      heapAdded = heap.peak() < 0 ? -1 : heap.peak() - idleHeap;
      loadMean = load.mean();
      loadMax = load.max();
    }
    List<FreshnessSample> samples = samples();
    int cold = Math.min(coldSeconds, seconds);
    List<LatencyWindow> phases = new ArrayList<>();
    phases.add(LatencyWindow.of("cold", samples, 0, cold));
    phases.add(
        LatencyWindow.of("cold from second " + goalFromSecond, samples, goalFromSecond, cold));
    if (seconds > cold) {
      phases.add(LatencyWindow.of("steady", samples, cold, seconds));
    }
    phases.add(LatencyWindow.of("whole run", samples, 0, seconds));
    return summarize(
        samples, phases, seconds, rate, written, elapsed, loadMean, loadMax, heapAdded, requests);
  }

  /**
   * Writes at {@code rate} from now, the moment both connectors were RUNNING, until {@code
   * snapshotEnded} (checked before every write) or {@code maxSeconds}; every change is timed.
   */
  FreshnessResult duringSnapshot(
      int rate, int maxSeconds, BooleanSupplier snapshotEnded, Supplier<String> requests) {
    long written;
    long elapsed;
    double loadMean;
    double loadMax;
    try (LoadAverageSampler load = new LoadAverageSampler()) {
      long start = System.nanoTime();
      zeroNanos = start;
      written = write(rate, (long) rate * maxSeconds, start, snapshotEnded);
      elapsed = System.nanoTime() - start;
      drain();
      loadMean = load.mean();
      loadMax = load.max();
    }
    int seconds = (int) Math.ceil(elapsed / 1e9);
    List<FreshnessSample> samples = samples();
    List<LatencyWindow> phases =
        List.of(LatencyWindow.of("during the snapshot", samples, 0, seconds));
    return summarize(
        samples, phases, seconds, rate, written, elapsed, loadMean, loadMax, -1, requests);
  }

  /** The write round trips: count, changes per round trip, p50 / p99 / max. */
  private String roundTripNote(long written) {
    long[] sorted;
    synchronized (roundTrips) {
      sorted = roundTrips.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    return String.format(
        "MongoDB write round trips %,d (%.1f changes each), p50 / p99 / max %.1f / %.1f / %.1f ms",
        sorted.length,
        sorted.length == 0 ? 0.0 : written / (double) sorted.length,
        LatencyWindow.percentile(sorted, 0.50),
        LatencyWindow.percentile(sorted, 0.99),
        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6);
  }

  private List<FreshnessSample> samples() {
    synchronized (latencies) {
      return List.copyOf(latencies);
    }
  }

  private void drain() {
    long drainDeadline = System.nanoTime() + DRAIN_SECONDS * 1_000_000_000L;
    while (!pending.isEmpty() && System.nanoTime() < drainDeadline) {
      IndexAdmin.sleep(20);
    }
  }

  private FreshnessResult summarize(
      List<FreshnessSample> samples,
      List<LatencyWindow> phases,
      int seconds,
      int targetRate,
      long written,
      long elapsed,
      double loadMean,
      double loadMax,
      long heapAdded,
      Supplier<String> requests) {
    List<LatencyWindow> timeline = new ArrayList<>();
    for (int from = 0; from < seconds; from += TIMELINE_STEP_SECONDS) {
      timeline.add(
          LatencyWindow.of("", samples, from, Math.min(seconds, from + TIMELINE_STEP_SECONDS)));
    }
    long[] sent = samples.stream().mapToLong(FreshnessSample::sent).sorted().toArray();
    long missing = pending.size();
    String note =
        String.format(
            "mix 50%% insert / 35%% update / 15%% delete; clock from both connectors RUNNING;"
                + " %s; bulk request sent p50 / p99 %.1f / %.1f ms after the write; %s%s",
            roundTripNote(written),
            LatencyWindow.percentile(sent, 0.50),
            LatencyWindow.percentile(sent, 0.99),
            requests.get(),
            missing == 0
                ? ""
                : String.format(
                    "; FAILED: %,d tracked changes never acknowledged within %d s after the writes"
                        + " stopped (e.g. %s)",
                    missing, DRAIN_SECONDS, examples()));
    return new FreshnessResult(
        "",
        written,
        tracked.get(),
        samples.size(),
        missing,
        targetRate,
        written / (elapsed / 1e9),
        phases,
        timeline,
        loadMean,
        loadMax,
        heapAdded < 0 ? -1 : heapAdded / 1048576.0,
        note);
  }

  private String examples() {
    StringBuilder text = new StringBuilder();
    pending.entrySet().stream()
        .limit(3)
        .forEach(
            e ->
                text.append(text.length() == 0 ? "" : ", ")
                    .append(e.getValue().kind.name().toLowerCase())
                    .append(" of ")
                    .append(e.getKey()));
    return text.toString();
  }

  /**
   * Runs {@link #WRITERS} paced writer threads, each owning the documents whose number modulo the
   * thread count is its own, so a document never has two changes pending.
   */
  private long write(int rate, long total, long start, BooleanSupplier stop) {
    List<Thread> threads = new ArrayList<>();
    AtomicLong done = new AtomicLong();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      long share = total / WRITERS + (writer < total % WRITERS ? 1 : 0);
      Thread thread =
          new Thread(
              () -> done.addAndGet(writeShare(writer, share, (double) rate / WRITERS, start, stop)),
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

  private long writeShare(int writer, long count, double rate, long start, BooleanSupplier stop) {
    ChangeMix mix = new ChangeMix(writer, WRITERS, initialDocs);
    ConcurrentLinkedQueue<String> mine = settled.get(writer);
    double period = 1e9 / rate;
    BulkWriteOptions unordered = new BulkWriteOptions().ordered(false);
    long done = 0;
    while (done < count && !stop.getAsBoolean()) {
      long wait = start + (long) (done * period) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      for (String id = mine.poll(); id != null; id = mine.poll()) {
        mix.free(id);
      }
      // Every change due by now: one when on schedule, those a slow round trip held back otherwise.
      long due = (long) ((System.nanoTime() - start) / period) + 1;
      int batch = (int) Math.max(1, Math.min(MAX_BATCH, Math.min(count, due) - done));
      List<WriteModel<Document>> writes = new ArrayList<>(batch);
      List<ChangeMix.Change> timed = new ArrayList<>(batch);
      List<String> untimed = new ArrayList<>();
      for (int k = 0; k < batch; k++) {
        ChangeMix.Change change = mix.next();
        writes.add(change.write());
        // Only every sampleEvery-th change is tracked: fewer real-time GETs, less disturbance.
        if ((done + k) % sampleEvery == 0) {
          timed.add(change);
        } else if (change.kind() != ChangeMix.Kind.DELETE) {
          untimed.add(change.id());
        }
      }
      long sent = System.nanoTime();
      for (ChangeMix.Change change : timed) {
        track(change.id(), new Pending(change.kind(), change.rev(), sent, writer));
      }
      collection.bulkWrite(writes, unordered);
      long roundTrip = System.nanoTime() - sent;
      synchronized (roundTrips) {
        roundTrips.add(roundTrip);
      }
      // Untracked documents are free again once written; tracked ones once acknowledged.
      untimed.forEach(mix::free);
      done += batch;
    }
    return done;
  }

  private void track(String id, Pending change) {
    if (change.startNanos < timedUntilNanos) {
      tracked.incrementAndGet();
    }
    pending.put(id, change);
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
      if (change.startNanos < timedUntilNanos) {
        long kafka = change.kafkaNanos < 0 ? -1 : change.kafkaNanos - change.startNanos;
        synchronized (latencies) {
          latencies.add(
              new FreshnessSample(
                  change.startNanos - zeroNanos,
                  kafka,
                  sentNanos - change.startNanos,
                  ackNanos - change.startNanos));
        }
      }
      settle(change, id);
    }
  }

  /** Hands a document whose change was seen back to its writer for another change. */
  private void settle(Pending change, String id) {
    if (change.kind != ChangeMix.Kind.DELETE) {
      settled.get(change.writer).add(id);
    }
  }

  private static void awaitQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
