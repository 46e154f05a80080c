package io.mongoelastic.source.stream;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.mongoelastic.source.RecordStandIn;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import java.util.Map;
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

  public ChangeEventMapper(String namespace, String topic, SourceTaskMetrics metrics) {
    this.namespace = namespace;
    this.topic = topic;
    this.metrics = metrics;
  }

  public SourceRecord map(
      ChangeStreamDocument<BsonDocument> event, Map<String, ?> partition, Map<String, ?> offset) {
    long version = event.getClusterTime() == null ? 0L : event.getClusterTime().getValue();
    BsonDocument full = event.getFullDocument();
    // The document's own _id and documentKey._id are the same value; documentKey may also hold
    // a shard key.
    BsonDocument key = event.getDocumentKey();
    BsonValue id = full != null ? full.get("_id") : key == null ? null : key.get("_id");
    String operation;
    switch (event.getOperationType()) {
      case INSERT -> operation = "insert";
      case REPLACE -> operation = "replace";
      case UPDATE -> {
        if (full == null) {
          metrics.skippedUpdate();
          return null;
        }
        operation = "update";
      }
      case DELETE -> {
        operation = "delete";
        full = null;
      }
      default -> {
        return null;
      }
    }
    if (id == null || (full == null && !"delete".equals(operation))) {
      return null;
    }
    return RecordStandIn.data(partition, offset, topic, namespace, operation, id, full, version);
  }
}
