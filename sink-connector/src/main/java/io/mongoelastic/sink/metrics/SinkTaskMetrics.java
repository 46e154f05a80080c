package io.mongoelastic.sink.metrics;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counters of one sink task, published through JMX (see {@link SinkTaskMetricsMBean}). */
public final class SinkTaskMetrics implements SinkTaskMetricsMBean, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SinkTaskMetrics.class);

  private final LongAdder documents = new LongAdder();
  private final RateWindow documentRate = new RateWindow();
  private final LongAdder bytes = new LongAdder();
  private final RateWindow byteRate = new RateWindow();
  private final LongAdder requests = new LongAdder();
  private final RateWindow latency = new RateWindow();
  private final AtomicLong latencyMax = new AtomicLong();
  private final LongAdder retries = new LongAdder();
  private final LongAdder rejections = new LongAdder();
  private final LongAdder requestFailures = new LongAdder();
  private final LongAdder conflicts = new LongAdder();
  private final LongAdder deadLetters = new LongAdder();
  private final LongAdder malformedSkipped = new LongAdder();
  private final LongAdder keptUnindexed = new LongAdder();

  private volatile LongSupplier bufferedBytes = () -> 0;
  private volatile LongSupplier bufferedActions = () -> 0;
  private volatile IntSupplier inFlight = () -> 0;
  private volatile LongSupplier uncommitted = () -> 0;
  private volatile BooleanSupplier paused = () -> false;
  private volatile Supplier<String> resyncStatus = () -> "[]";
  private ObjectName name;

  /** Registers the MBean; a name clash (a task restarted in place) replaces the old one. */
  public SinkTaskMetrics register(String connector, String taskId) {
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName objectName =
          new ObjectName(
              "io.mongoelastic:type=sink-task,connector="
                  + ObjectName.quote(connector)
                  + ",task="
                  + ObjectName.quote(taskId));
      if (server.isRegistered(objectName)) {
        server.unregisterMBean(objectName);
      }
      server.registerMBean(this, objectName);
      name = objectName;
    } catch (JMException e) {
      log.warn("Cannot register the sink task's JMX metrics: {}", e.toString());
    }
    return this;
  }

  public void gauges(
      LongSupplier bufferedBytes,
      LongSupplier bufferedActions,
      IntSupplier inFlight,
      LongSupplier uncommitted,
      BooleanSupplier paused) {
    this.bufferedBytes = bufferedBytes;
    this.bufferedActions = bufferedActions;
    this.inFlight = inFlight;
    this.uncommitted = uncommitted;
    this.paused = paused;
  }

  /** The resync status of the task's indices, a JSON array (see ResyncStatus). */
  public void resyncStatus(Supplier<String> status) {
    this.resyncStatus = status;
  }

  public void bulkSent(int actions, long requestBytes, long latencyMs) {
    requests.increment();
    bytes.add(requestBytes);
    byteRate.record(requestBytes);
    latency.record(latencyMs);
    latencyMax.accumulateAndGet(latencyMs, Math::max);
  }

  public void written(int count) {
    documents.add(count);
    documentRate.record(count);
  }

  public void retried(int items) {
    retries.add(items);
  }

  public void rejected() {
    rejections.increment();
  }

  public void requestFailed() {
    requestFailures.increment();
  }

  public void conflict() {
    conflicts.increment();
  }

  public void deadLettered() {
    deadLetters.increment();
  }

  public void malformedSkipped() {
    malformedSkipped.increment();
  }

  /** A document was indexed with part of it kept unindexed by the mapping-error fallback. */
  public void keptUnindexed() {
    keptUnindexed.increment();
  }

  @Override
  public long getDocumentsWrittenTotal() {
    return documents.sum();
  }

  @Override
  public double getDocumentsWrittenRate() {
    return documentRate.ratePerSecond();
  }

  @Override
  public long getBytesSentTotal() {
    return bytes.sum();
  }

  @Override
  public double getBytesSentRate() {
    return byteRate.ratePerSecond();
  }

  @Override
  public long getBulkRequestsTotal() {
    return requests.sum();
  }

  @Override
  public double getBulkLatencyAvgMs() {
    return latency.mean();
  }

  @Override
  public long getBulkLatencyMaxMs() {
    return latencyMax.get();
  }

  @Override
  public long getRetriesTotal() {
    return retries.sum();
  }

  @Override
  public long getRejectionsTotal() {
    return rejections.sum();
  }

  @Override
  public long getRequestFailuresTotal() {
    return requestFailures.sum();
  }

  @Override
  public long getVersionConflictsTotal() {
    return conflicts.sum();
  }

  @Override
  public long getDeadLetterTotal() {
    return deadLetters.sum();
  }

  @Override
  public long getMalformedSkippedTotal() {
    return malformedSkipped.sum();
  }

  @Override
  public long getKeptUnindexedTotal() {
    return keptUnindexed.sum();
  }

  @Override
  public long getBufferedBytes() {
    return bufferedBytes.getAsLong();
  }

  @Override
  public long getBufferedActions() {
    return bufferedActions.getAsLong();
  }

  @Override
  public int getInFlightRequests() {
    return inFlight.getAsInt();
  }

  @Override
  public long getUncommittedRecords() {
    return uncommitted.getAsLong();
  }

  @Override
  public String getResyncStatus() {
    return resyncStatus.get();
  }

  @Override
  public boolean isPaused() {
    return paused.getAsBoolean();
  }

  @Override
  public void close() {
    if (name != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
      } catch (JMException e) {
        log.debug("MBean already gone: {}", e.toString());
      }
    }
  }
}
