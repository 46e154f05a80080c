package io.mongoelastic.source;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.mongoelastic.common.record.HeartbeatRecordFields;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.record.SourceRecordFactory;
import io.mongoelastic.source.stream.ChangeEventMapper;
import io.mongoelastic.source.stream.HistoryLostException;
import io.mongoelastic.source.stream.StreamOrder;
import io.mongoelastic.source.stream.StreamPosition;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One collection following its task's {@link SharedChangeStream}: turns the collection's events
 * into records carrying its own offset, stores the shared stream's high-water marks in heartbeats
 * (so a quiet collection's position advances), and reports a drop or rename of the collection.
 */
final class CollectionStream implements SharedChangeStream.Member {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionStream.class);

  private final String collection;
  private final String namespace;
  private final String topic;
  private final MongoSourceConfig config;
  private final Map<String, Object> partition;
  private final ChangeEventMapper mapper;
  private final SourceTaskMetrics metrics;
  private final Consumer<HistoryLostException> onHistoryLost;
  private CollectionOffset position;
  // Whether the stream answered since this collection started following it (see
  // HistoryLostResponse).
  private boolean streamedSinceSnapshot;
  private long lastSent = System.currentTimeMillis();
  private BsonDocument lastSentToken;

  CollectionStream(
      String collection,
      MongoSourceConfig config,
      Map<String, Object> partition,
      SourceTaskMetrics metrics,
      CollectionOffset position,
      Consumer<HistoryLostException> onHistoryLost) {
    this.collection = collection;
    this.namespace = config.database() + "." + collection;
    this.topic = config.topicFor(collection);
    this.config = config;
    this.partition = partition;
    this.metrics = metrics;
    this.position = position;
    this.onHistoryLost = onHistoryLost;
    this.mapper = new ChangeEventMapper(namespace, topic, metrics, new SourceRecordFactory());
  }

  @Override
  public String collection() {
    return collection;
  }

  /** The collection's offset: after the last event or heartbeat it returned. */
  CollectionOffset offset() {
    return position;
  }

  boolean streamedSinceSnapshot() {
    return streamedSinceSnapshot;
  }

  void uuid(String uuid) {
    position = position.withUuid(uuid);
  }

  @Override
  public StreamPosition position() {
    return StreamPosition.resumingFrom(position);
  }

  @Override
  public String positionCollection() {
    return position.positionCollection();
  }

  @Override
  public void accept(ChangeStreamDocument<BsonDocument> event, List<SourceRecord> out) {
    OperationType type = event.getOperationType();
    position = position.withResumeToken(event.getResumeToken(), false);
    if (type == OperationType.DROP || type == OperationType.RENAME) {
      // A database stream goes on after a drop or rename; the position after it is where a
      // collection re-created under the name starts.
      LOG.warn(
          "{} was dropped or renamed; documents already sent stay in {}; the connector follows a"
              + " collection re-created under the same name",
          namespace,
          topic);
      sent(out, heartbeat());
      return;
    }
    SourceRecord record = mapper.map(event, partition, position.toMap());
    if (record != null) {
      metrics.streamEvent(ChangeEventMapper.writtenAtMillis(event));
      sent(out, record);
    }
  }

  @Override
  public void answered() {
    streamedSinceSnapshot = true;
  }

  @Override
  public long heartbeatDueAtMillis() {
    // Once after a history_lost snapshot: record that the stream got past its start point.
    if (HistoryLostResponse.lostStartOfHistoryLostSnapshot(position)) {
      return 0;
    }
    long interval = config.heartbeatIntervalMs();
    return interval > 0 ? lastSent + interval : Long.MAX_VALUE;
  }

  /**
   * Stores {@code shared} in a heartbeat when one is due: a high-water mark, or another
   * collection's event token stored with that collection's name (a stream without it in its {@code
   * $match} could not resume from the token).
   */
  @Override
  public void reached(StreamPosition shared, String eventCollection, List<SourceRecord> out) {
    if (heartbeatDueAtMillis() > System.currentTimeMillis()
        || shared.token() == null
        || shared.token().equals(lastSentToken)
        // The shared stream may still be reading up to this collection's position (it reopened
        // earlier for a collection that joined): a heartbeat must not move the position back.
        || StreamOrder.comparePositions(shared, position()) <= 0) {
      return;
    }
    position =
        eventCollection == null || eventCollection.equals(collection)
            ? position.withResumeToken(shared.token(), shared.startAfter())
            : position.withEventOf(shared.token(), eventCollection);
    sent(out, heartbeat());
  }

  @Override
  public void historyLost(HistoryLostException e) {
    onHistoryLost.accept(e);
  }

  private void sent(List<SourceRecord> out, SourceRecord record) {
    out.add(record);
    lastSent = System.currentTimeMillis();
    lastSentToken = position.resumeToken();
  }

  private SourceRecord heartbeat() {
    return new SourceRecord(
        partition,
        position.toMap(),
        config.heartbeatTopic(),
        null,
        Schema.STRING_SCHEMA,
        namespace,
        null,
        Map.of(
            HeartbeatRecordFields.NAMESPACE,
            namespace,
            HeartbeatRecordFields.TIMESTAMP_MS,
            System.currentTimeMillis()));
  }
}
