package io.mongoelastic.source.metrics;

import io.mongoelastic.source.oplog.OplogHeadroom;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counters of one source task, published through JMX (see {@link SourceTaskMetricsMBean}). */
public final class SourceTaskMetrics implements SourceTaskMetricsMBean, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SourceTaskMetrics.class);
  public static final String DOMAIN = "io.mongoelastic";

  private final ObjectName name;
  private volatile String phase = "starting";
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong snapshotDone = new AtomicLong();
  private final AtomicLong snapshotTotal = new AtomicLong();
  private final AtomicLong streamEvents = new AtomicLong();
  private final AtomicLong skippedUpdates = new AtomicLong();
  private final AtomicLong largeEventsSplit = new AtomicLong();
  private final AtomicLong largeEventsFetched = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong openChangeStreams = new AtomicLong();
  private final AtomicLong changeStreamOpenings = new AtomicLong();
  private volatile long streamLagMs = -1;
  private volatile long streamPositionWallMs = -1;
  private volatile boolean streamCaughtUp;
  private volatile OplogHeadroom oplogHeadroom = OplogHeadroom.UNKNOWN;
  private volatile long snapshotPacePausedMs;
  private volatile long lastRecordTime;
  private volatile String lastError = "";
  private volatile String lastSnapshotReason = "";
  private volatile String lastSnapshotId = "";

  public SourceTaskMetrics(String connector, int task) {
    this.name = objectName(connector, task);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
      server.registerMBean(this, name);
    } catch (JMException e) {
      LOG.warn("Cannot register the task MBean {}", name, e);
    }
  }

  public static ObjectName objectName(String connector, int task) {
    try {
      return new ObjectName(
          DOMAIN + ":type=source-task,connector=" + ObjectName.quote(connector) + ",task=" + task);
    } catch (JMException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public void phase(String phase) {
    this.phase = phase;
  }

  public void recordsProduced(int count) {
    records.addAndGet(count);
    lastRecordTime = System.currentTimeMillis();
  }

  public void snapshotDocument() {
    snapshotDone.incrementAndGet();
  }

  public void addSnapshotTotal(long documents) {
    snapshotTotal.addAndGet(documents);
  }

  /** A change event written at {@code writtenAtMillis} (wall clock) is being handed to Kafka. */
  public void streamEvent(long writtenAtMillis) {
    streamEvents.incrementAndGet();
    streamLagMs = Math.max(0, System.currentTimeMillis() - writtenAtMillis);
    streamPositionWallMs = writtenAtMillis;
    streamCaughtUp = false;
  }

  /** The change stream had nothing new: no change is waiting to be sent. */
  public void streamCaughtUp() {
    streamCaughtUp = true;
    if (streamLagMs > 0) {
      streamLagMs = 0;
    }
  }

  /** A change-stream cursor (a collection's, a range's or the task's shared one) was opened. */
  public void changeStreamOpened() {
    openChangeStreams.incrementAndGet();
    changeStreamOpenings.incrementAndGet();
  }

  /** A change-stream cursor counted by {@link #changeStreamOpened()} was closed. */
  public void changeStreamClosed() {
    openChangeStreams.decrementAndGet();
  }

  @Override
  public long getOpenChangeStreams() {
    return openChangeStreams.get();
  }

  @Override
  public long getChangeStreamOpenings() {
    return changeStreamOpenings.get();
  }

  public void skippedUpdate() {
    skippedUpdates.incrementAndGet();
  }

  /** A change event over 16 MiB arrived in fragments and was reassembled. */
  public void largeEventSplit() {
    largeEventsSplit.incrementAndGet();
  }

  /** A change event over 16 MiB was replaced by its document's current state. */
  public void largeEventFetched() {
    largeEventsFetched.incrementAndGet();
  }

  public void error(String message) {
    errors.incrementAndGet();
    lastError = message == null ? "" : message;
  }

  /** A read met a transient error and will be retried; also counts as an error. */
  public void retry(String message) {
    retries.incrementAndGet();
    error(message);
  }

  /** A snapshot of an owned collection started (or was found under way at start). */
  public void lastSnapshot(String reason, String snapshotId) {
    lastSnapshotReason = reason;
    lastSnapshotId = snapshotId;
  }

  @Override
  public String getLastSnapshotReason() {
    return lastSnapshotReason;
  }

  @Override
  public String getLastSnapshotId() {
    return lastSnapshotId;
  }

  @Override
  public String getPhase() {
    return phase;
  }

  @Override
  public long getRecordsProduced() {
    return records.get();
  }

  @Override
  public long getSnapshotDocumentsDone() {
    return snapshotDone.get();
  }

  @Override
  public long getSnapshotDocumentsTotal() {
    return snapshotTotal.get();
  }

  @Override
  public long getStreamLagMs() {
    return streamLagMs;
  }

  @Override
  public long getStreamEventsProduced() {
    return streamEvents.get();
  }

  @Override
  public long getSkippedUpdates() {
    return skippedUpdates.get();
  }

  @Override
  public long getLargeEventsSplit() {
    return largeEventsSplit.get();
  }

  @Override
  public long getLargeEventsFetched() {
    return largeEventsFetched.get();
  }

  @Override
  public long getErrors() {
    return errors.get();
  }

  @Override
  public long getRetries() {
    return retries.get();
  }

  @Override
  public String getLastError() {
    return lastError;
  }

  @Override
  public long getLastRecordTimeMs() {
    return lastRecordTime;
  }

  @Override
  public void close() {
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (JMException e) {
      LOG.debug("Cannot unregister {}", name, e);
    }
  }

  /**
   * Wall time of the stream's position: the last change sent, or {@code newestOplogWallMs} when the
   * stream has nothing new; -1 before the stream has reported either.
   */
  public long streamPositionWallMs(long newestOplogWallMs) {
    return streamCaughtUp ? newestOplogWallMs : streamPositionWallMs;
  }

  public void oplogHeadroom(OplogHeadroom headroom) {
    this.oplogHeadroom = headroom;
  }

  @Override
  public long getOplogHeadroomMs() {
    return oplogHeadroom.ms();
  }

  @Override
  public double getOplogHeadroomPercent() {
    return oplogHeadroom.percent();
  }

  public void snapshotPacePausedMs(long ms) {
    this.snapshotPacePausedMs = ms;
  }

  @Override
  public long getSnapshotPacePausedMs() {
    return snapshotPacePausedMs;
  }
}
