package io.mongoelastic.source.pace;

import io.mongoelastic.source.metrics.SourceTaskMetrics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate of a task's snapshot chunk reads: closed while the consumer group of {@code
 * snapshot.pace.consumer.group} lags more than {@code snapshot.pace.max.lag.records} behind the
 * topics the task's snapshot ranges still read chunks for ({@link #watch}, {@link #retain}), open
 * as soon as it lags no more than that. The lag is read on a thread of its own every {@code
 * snapshot.pace.interval.ms}, only while chunk reads ask ({@link #paused()}), and estimated in
 * between: records the task produces to the watched topics count at once ({@link #produced}), so a
 * fast read overshoots the maximum by at most a chunk and the records still on their way to Kafka;
 * records the group has likely indexed since its latest commit are taken off ({@link SinkDrain}),
 * so the backlog stays near the maximum instead of draining while the gate waits for the next
 * commit. Only chunk reads wait at the gate, the change streams never do.
 *
 * <p>There is no lower reopening mark: reopening at half the maximum made the sink run dry at every
 * pause whenever its commits and the readings lagged by more than half the maximum's worth of
 * indexing. Reads stop and start at about every chunk instead, which costs nothing since the next
 * chunk is read ahead even while the gate is closed (see {@code BatchPrefetcher}).
 *
 * <p>Monitoring must never stall a snapshot for good: when the lag cannot be read the gate opens,
 * with one WARN until it can be read again. A group without offsets or members (its sink not
 * started yet) holds the snapshot at the gate, with one WARN after {@link #NO_OFFSETS_WARN_MS}.
 */
public final class SnapshotPace implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPace.class);
  static final long NO_OFFSETS_WARN_MS = 60_000;
  // Chunk reads ask at every turn of the task; when none asked for this long none is waiting.
  private static final long IDLE_AFTER_MS = 2_000;

  /** Reads a consumer group's lag on some topics. */
  interface LagReader extends AutoCloseable {
    GroupLag read(Set<String> topics) throws Exception;

    @Override
    void close();
  }

  private final SnapshotPaceConfig.Settings settings;
  private final LagReader reader;
  private final SourceTaskMetrics metrics;
  private final String task;
  private final LongSupplier clockMs;
  private final Set<String> topics = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer;
  private final SinkDrain drain = new SinkDrain();
  private volatile long lastAskedMs;
  // Guarded by this: the task thread asks and counts, the timer thread measures.
  private boolean paused;
  private long lag = -1; // unknown: open
  private long produced;
  private long producedAtMeasure;
  private long pausedSinceMs;
  private long pausedBeforeMs;
  private long measuredAtMs;
  private boolean measureRequested;
  // Moves at every change of the watched topics by retain(): a reading taken across one is dropped.
  private long topicsGeneration;
  // Timer thread only.
  private boolean failing;
  private long noOffsetsSinceMs = -1;
  private boolean warnedNoOffsets;

  SnapshotPace(
      SnapshotPaceConfig.Settings settings,
      LagReader reader,
      SourceTaskMetrics metrics,
      String task,
      LongSupplier clockMs) {
    this.settings = settings;
    this.reader = reader;
    this.metrics = metrics;
    this.task = task;
    this.clockMs = clockMs;
    this.lastAskedMs = clockMs.getAsLong();
    this.measuredAtMs = lastAskedMs;
    this.timer =
        reader == null
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                  Thread thread = new Thread(runnable, "snapshot-pace-" + task);
                  thread.setDaemon(true);
                  return thread;
                });
  }

  /** A gate that never closes. */
  public static SnapshotPace off() {
    return new SnapshotPace(
        new SnapshotPaceConfig.Settings("", 1, 1), null, null, "", System::currentTimeMillis);
  }

  /**
   * Starts reading the lag of {@code settings.group()} through an Admin client with {@code
   * adminSettings}; {@link #off()} when no group is set or no Admin client is configured.
   */
  public static SnapshotPace start(
      SnapshotPaceConfig.Settings settings,
      Map<String, Object> adminSettings,
      SourceTaskMetrics metrics,
      String task) {
    if (!settings.enabled()) {
      return off();
    }
    if (adminSettings.isEmpty()) {
      LOG.warn(
          "{}: {} is set but {} is not: snapshots are read unpaced",
          task,
          SnapshotPaceConfig.CONSUMER_GROUP,
          SnapshotPaceConfig.ADMIN_BOOTSTRAP_SERVERS);
      return off();
    }
    Admin admin;
    try {
      admin = Admin.create(adminSettings);
    } catch (KafkaException e) {
      LOG.warn(
          "{}: cannot create the Kafka Admin client that reads consumer group {}'s lag ({}):"
              + " snapshots are read unpaced; check {} and the kafka.admin.* settings",
          task,
          settings.group(),
          e.getMessage(),
          SnapshotPaceConfig.ADMIN_BOOTSTRAP_SERVERS);
      return off();
    }
    SnapshotPace pace =
        new SnapshotPace(
            settings,
            new ConsumerGroupLagReader(admin, settings.group()),
            metrics,
            task,
            System::currentTimeMillis);
    pace.timer.scheduleWithFixedDelay(
        pace::measure, 0, settings.intervalMs(), TimeUnit.MILLISECONDS);
    return pace;
  }

  /** Whether this gate paces anything: false for {@link #off()}. */
  public boolean enabled() {
    return reader != null;
  }

  /** Adds a topic that snapshot chunks are written to. */
  public void watch(String topic) {
    if (reader != null) {
      topics.add(topic);
    }
  }

  /**
   * Stops watching the topics not in {@code reading}: those no snapshot range of this task reads
   * chunks for any longer. Their lag (change records, other tasks' ranges) no longer holds the
   * chunks of other collections, and the group's positions on them no longer count as indexing. A
   * reading under way when the topics change counted them: it is dropped when it comes in.
   */
  public void retain(Set<String> reading) {
    if (reader == null) {
      return;
    }
    synchronized (this) {
      if (!topics.retainAll(reading)) {
        return;
      }
      topicsGeneration++;
      if (topics.isEmpty()) {
        // A topic watched later starts as the task did: open until its first reading.
        lag = -1;
        drain.reset();
        evaluate(clockMs.getAsLong());
      }
    }
  }

  /**
   * Counts the records of watched topics the task handed to the worker: until the next reading of
   * the lag they count as lag too, so the gate closes on time however fast chunks are read between
   * two readings. Records of other topics (heartbeats, other collections) are not in the measured
   * lag either.
   */
  public void produced(List<SourceRecord> records) {
    if (reader == null) {
      return;
    }
    int count = 0;
    for (SourceRecord record : records) {
      if (topics.contains(record.topic())) {
        count++;
      }
    }
    synchronized (this) {
      produced += count;
    }
  }

  /** Whether chunk reads must wait; called by every chunk read. */
  public synchronized boolean paused() {
    if (reader == null) {
      return false;
    }
    long now = clockMs.getAsLong();
    lastAskedMs = now;
    if (paused
        && !measureRequested
        && timer != null
        && now - measuredAtMs > Math.max(IDLE_AFTER_MS, 2 * settings.intervalMs())) {
      // The timer skipped readings while nobody asked: do not hold reads on a stale one.
      measureRequested = true;
      try {
        timer.execute(this::measure);
      } catch (RejectedExecutionException closed) {
        // The task is stopping: no reading will come, and none is needed.
      }
    }
    evaluate(now);
    return paused;
  }

  /** One reading of the lag; never throws. Package-private so a test can drive it. */
  void measure() {
    long now = clockMs.getAsLong();
    long producedBefore;
    long generation;
    Set<String> measured;
    synchronized (this) {
      if (topics.isEmpty() || now - lastAskedMs > IDLE_AFTER_MS) {
        return;
      }
      producedBefore = produced;
      generation = topicsGeneration;
      measured = Set.copyOf(topics);
    }
    GroupLag read;
    try {
      read = reader.read(measured);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      if (!failing) {
        LOG.warn(
            "{}: cannot read the lag of consumer group {} ({}): snapshot reads go on unpaced"
                + " until it can be read; check {} and the kafka.admin.* settings",
            task,
            settings.group(),
            e.toString(),
            SnapshotPaceConfig.ADMIN_BOOTSTRAP_SERVERS);
        failing = true;
      }
      read = null;
    }
    if (read != null && failing) {
      LOG.info("{}: the lag of consumer group {} can be read again", task, settings.group());
      failing = false;
    }
    synchronized (this) {
      if (generation != topicsGeneration) {
        // Topics were forgotten during the reading (retain): their lag, counted in it, holds
        // nothing any more. The next reading measures the topics watched now.
        measureRequested = false;
        return;
      }
      lag = read == null ? -1 : read.records();
      producedAtMeasure = producedBefore;
      measuredAtMs = now;
      measureRequested = false;
      if (read != null) {
        drain.observe(read.positions(), read.records(), now);
      }
      evaluate(now);
      LOG.debug(
          "{}: lag {} records, {} produced since, ~{} indexed since the group's last commit"
              + " ({} records/s): reads {}, held {} ms so far",
          task,
          lag,
          produced - producedAtMeasure,
          drain.since(now),
          drain.recordsPerSecond(),
          paused ? "held" : "open",
          pausedMs(now));
      if (read != null) {
        warnIfGroupHasNoOffsets(read, now);
      }
      if (metrics != null) {
        metrics.snapshotPacePausedMs(pausedMs(now));
      }
    }
  }

  /** Closes above the maximum, opens at or below it, and when the lag is unknown. */
  private void evaluate(long now) {
    if (lag < 0) {
      gate(false, now);
      return;
    }
    long estimate = lag - Math.min(lag, drain.since(now)) + produced - producedAtMeasure;
    gate(estimate > settings.maxLagRecords(), now);
  }

  private void gate(boolean close, long now) {
    if (close && !paused) {
      pausedSinceMs = now;
      LOG.trace("{}: snapshot reads paused", task);
    } else if (!close && paused) {
      pausedBeforeMs += now - pausedSinceMs;
      LOG.trace("{}: snapshot reads resumed", task);
    }
    paused = close;
  }

  private void warnIfGroupHasNoOffsets(GroupLag lag, long now) {
    if (lag.groupStarted() || !paused) {
      noOffsetsSinceMs = -1;
      return;
    }
    if (noOffsetsSinceMs < 0) {
      noOffsetsSinceMs = now;
    } else if (!warnedNoOffsets && now - noOffsetsSinceMs >= NO_OFFSETS_WARN_MS) {
      warnedNoOffsets = true;
      LOG.warn(
          "{}: the snapshot has waited {} s for consumer group {}, which has neither members nor"
              + " committed offsets: start its sink (a sink connector's group is"
              + " connect-<connector name>), correct {}, or leave it empty to read snapshots"
              + " unpaced",
          task,
          (now - noOffsetsSinceMs) / 1000,
          settings.group(),
          SnapshotPaceConfig.CONSUMER_GROUP);
    }
  }

  /** Milliseconds chunk reads have been held at the gate so far. */
  synchronized long pausedMs(long now) {
    return pausedBeforeMs + (paused ? now - pausedSinceMs : 0);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    if (reader != null) {
      reader.close();
    }
  }
}
