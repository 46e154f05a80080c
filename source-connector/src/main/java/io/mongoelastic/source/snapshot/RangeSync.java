package io.mongoelastic.source.snapshot;

import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.RangeOffset;
import io.mongoelastic.source.offset.RangePartition;
import io.mongoelastic.source.record.Operation;
import io.mongoelastic.source.record.SourceRecordFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;

/**
 * Sends one range of one snapshot: waits until the collection's owner announced the snapshot (its
 * start markers are written first), then reads the range chunk by chunk, each record's offset being
 * the range's progress, and finally a progress record marking the range done.
 */
public final class RangeSync {
  private static final long ANNOUNCE_CHECK_MS = 1_000;

  private final SnapshotPlan plan;
  private final RangePartition partition;
  private final RangeReader reader;
  private final String topic;
  private final String progressTopic;
  private final SourceTaskMetrics metrics;
  private final SourceRecordFactory records;
  private final BooleanSupplier announced;
  private final Deque<BsonDocument> pending = new ArrayDeque<>();
  private boolean reading;
  private boolean done;
  private long lastAnnounceCheck;

  public RangeSync(
      SnapshotPlan plan,
      int range,
      RangeReader reader,
      RangeOffset stored,
      String topic,
      String progressTopic,
      SourceTaskMetrics metrics,
      SourceRecordFactory records,
      BooleanSupplier announced) {
    this.records = records;
    this.plan = plan;
    this.partition = new RangePartition(plan.namespace(), plan.snapshotId(), range);
    this.reader = reader;
    this.topic = topic;
    this.progressTopic = progressTopic;
    this.metrics = metrics;
    this.announced = announced;
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
  public boolean step(List<SourceRecord> out, int budget) {
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
      pending.addAll(reader.nextChunk());
      if (pending.isEmpty()) {
        done = true;
        out.add(progressRecord());
        return true;
      }
    }
    Map<String, Object> sourcePartition = partition.toMap();
    for (int i = 0; i < budget && !pending.isEmpty(); i++) {
      BsonDocument document = pending.poll();
      out.add(
          records.documentRecord(
              sourcePartition,
              new RangeOffset(document.get("_id"), false).toMap(),
              topic,
              null,
              plan.namespace(),
              document.get("_id"),
              document,
              Operation.SNAPSHOT,
              plan.version()));
      metrics.snapshotDocument();
    }
    return true;
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
            "namespace", plan.namespace(),
            "snapshotId", plan.snapshotId(),
            "range", partition.range(),
            "done", true));
  }
}
