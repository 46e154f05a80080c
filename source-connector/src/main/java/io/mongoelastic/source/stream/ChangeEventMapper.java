package io.mongoelastic.source.stream;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.mongoelastic.common.record.Operation;
import io.mongoelastic.common.record.SourceVersion;
import io.mongoelastic.source.MongoSourceConfig;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.record.SourceRecordFactory;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Turns one change event into a data record, or null when the event carries nothing to write (drop,
 * rename, invalidate, an update without a document).
 */
public final class ChangeEventMapper {
  private final String namespace;
  private final String topic;
  private final SourceTaskMetrics metrics;
  private final SourceRecordFactory records;

  public ChangeEventMapper(
      String namespace, String topic, SourceTaskMetrics metrics, SourceRecordFactory records) {
    this.records = records;
    this.namespace = namespace;
    this.topic = topic;
    this.metrics = metrics;
  }

  /**
   * When the change was written: its wall time (MongoDB 6.0+, milliseconds), else its cluster time
   * (seconds only), else now.
   */
  public static long writtenAtMillis(ChangeStreamDocument<BsonDocument> event) {
    if (event.getWallTime() != null) {
      return event.getWallTime().getValue();
    }
    if (event.getClusterTime() != null) {
      return event.getClusterTime().getTime() * 1000L;
    }
    return System.currentTimeMillis();
  }

  public SourceRecord map(
      ChangeStreamDocument<BsonDocument> event, Map<String, ?> partition, Map<String, ?> offset) {
    if (event.getClusterTime() == null) {
      // MongoDB sends clusterTime with every event: only a pipeline stage can have removed it, and
      // a record without a version would be dropped as stale by a versioning sink.
      throw new ConnectException(
          "A change event of "
              + namespace
              + " has no clusterTime, so its record would have no source version: "
              + MongoSourceConfig.STREAM_PIPELINE
              + " removes it (through a stage the connector could not check, such as"
              + " $replaceRoot or $redact). Keep clusterTime in "
              + MongoSourceConfig.STREAM_PIPELINE
              + ", then restart the task; it resumes after the last committed change.");
    }
    long version =
        SourceVersion.of(event.getClusterTime().getTime(), event.getClusterTime().getInc());
    BsonDocument full = event.getFullDocument();
    // The document's own _id and documentKey._id are the same value; documentKey may also hold
    // a shard key.
    BsonDocument key = event.getDocumentKey();
    BsonValue id = full != null ? full.get("_id") : key == null ? null : key.get("_id");
    Operation operation;
    switch (event.getOperationType()) {
      case INSERT -> operation = Operation.INSERT;
      case REPLACE -> operation = Operation.REPLACE;
      case UPDATE -> {
        if (full == null) {
          metrics.skippedUpdate();
          return null;
        }
        operation = Operation.UPDATE;
      }
      case DELETE -> {
        operation = Operation.DELETE;
        full = null;
      }
      default -> {
        return null;
      }
    }
    if (id == null || (full == null && operation != Operation.DELETE)) {
      return null;
    }
    return records.documentRecord(
        partition, offset, topic, null, namespace, id, full, operation, version);
  }
}
