package io.mongoelastic.source.snapshot;

import com.mongodb.MongoException;
import io.mongoelastic.common.record.HeartbeatRecordFields;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.offset.RangePartition;
import io.mongoelastic.source.record.MappedDocument;
import io.mongoelastic.source.record.SourceRecordFactory;
import io.mongoelastic.source.retry.ReadRetry;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Sends one range of one snapshot: waits until the collection's owner announced the snapshot (its
 * start markers are written first), then reads the range chunk by chunk, each record's offset being
 * the range's progress, and finally a progress record marking the range done. A transient read
 * error (network, election, a killed query) is retried after a backoff from the last {@code _id}
 * read; other errors fail the task (see {@link ReadRetry}).
 */
public final class RangeSync {
  private static final long ANNOUNCE_CHECK_MS = 1_000;

  private final SnapshotPlan plan;
  private final RangePartition partition;
  private final BatchPrefetcher reader;
  private final String topic;
  private final String progressTopic;
  private final SourceTaskMetrics metrics;
  private final SourceRecordFactory records;
  private final BooleanSupplier announced;
  private final ReadRetry retry;
  private final Deque<MappedDocument> pending = new ArrayDeque<>();
  private boolean reading;
  private boolean done;
  private long lastAnnounceCheck;

  public RangeSync(
      SnapshotPlan plan,
      int range,
      BatchPrefetcher reader,
      RangeOffset stored,
      String topic,
      String progressTopic,
      SourceTaskMetrics metrics,
      SourceRecordFactory records,
      BooleanSupplier announced,
      ReadRetry retry) {
    this.records = records;
    this.plan = plan;
    this.partition = new RangePartition(plan.namespace(), plan.snapshotId(), range);
    this.reader = reader;
    this.topic = topic;
    this.progressTopic = progressTopic;
    this.metrics = metrics;
    this.announced = announced;
    this.retry = retry;
    this.done = stored.done();
  }

  public SnapshotPlan plan() {
    return plan;
  }

  public int range() {
    return partition.range();
  }

  public boolean done() {
    return done;
  }

  /** Whether this range is being read (announced and not done). */
  public boolean active() {
    return reading && !done;
  }

  /** Adds at most {@code budget} records; returns whether anything happened. */
  public boolean step(List<SourceRecord> out, int budget) throws InterruptedException {
    if (done || budget <= 0) {
      return false;
    }
    if (!reading) {
      long now = System.currentTimeMillis();
      if (now - lastAnnounceCheck < ANNOUNCE_CHECK_MS) {
        return false;
      }
      lastAnnounceCheck = now;
      if (!announced.getAsBoolean()) {
        return false;
      }
      reading = true;
    }
    if (pending.isEmpty()) {
      if (retry.waiting()) {
        return false;
      }
      try {
        pending.addAll(reader.take());
        retry.succeeded();
      } catch (MongoException e) {
        // The reader queries again after the last _id it returned (all of which are in pending or
        // sent): nothing is skipped.
        retry.failed(e);
        return false;
      }
      if (pending.isEmpty()) {
        done = true;
        reader.close();
        out.add(progressRecord());
        return true;
      }
    }
    Map<String, Object> sourcePartition = partition.toMap();
    for (int i = 0; i < budget && !pending.isEmpty(); i++) {
      MappedDocument document = pending.poll();
      out.add(
          records.snapshotRecord(
              sourcePartition,
              new RangeOffset(document.id(), false).toDeferredMap(),
              topic,
              plan.namespace(),
              document,
              plan.version()));
      metrics.snapshotDocument();
    }
    return true;
  }

  /** Stops reading ahead and releases the range's cursor. */
  public void close() {
    reader.close();
  }

  private SourceRecord progressRecord() {
    return new SourceRecord(
        partition.toMap(),
        new RangeOffset(null, true).toMap(),
        progressTopic,
        null,
        Schema.STRING_SCHEMA,
        plan.namespace(),
        null,
        Map.of(
            HeartbeatRecordFields.NAMESPACE, plan.namespace(),
            HeartbeatRecordFields.SNAPSHOT_ID, plan.snapshotId(),
            HeartbeatRecordFields.RANGE, partition.range(),
            HeartbeatRecordFields.DONE, true));
  }
}
