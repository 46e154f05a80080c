package io.mongoelastic.source.snapshot;

import com.mongodb.client.MongoClient;
import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.stream.StartPoint;
import io.mongoelastic.source.stream.StartPointReader;
import java.util.List;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a new snapshot of a collection: reads its UUID and default collation, captures the stream
 * start point (so every write made while the snapshot reads is streamed afterwards), then the
 * highest {@code _id} the snapshot reads up to ({@link SnapshotBound}) and the split points (none
 * for a collection with a default collation).
 */
public final class SnapshotPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPlanner.class);
  private final MongoClient client;
  private final String database;

  public SnapshotPlanner(MongoClient client, String database) {
    this.client = client;
    this.database = database;
  }

  public SnapshotPlan plan(String collection, SnapshotReason reason, int maxRanges, int chunkSize) {
    // Read before the start point: a collection replaced after it shows a new UUID (see
    // SnapshotPlan#collectionUuid).
    ListedCollection listed = ListedCollection.read(client.getDatabase(database), collection);
    StartPoint start = new StartPointReader(client).capture(database, collection);
    // After the start point and its token: every document existing then and not deleted since is
    // at or below it.
    SnapshotBound bound =
        SnapshotBound.read(
            client,
            client.getDatabase(database).getCollection(collection, BsonDocument.class),
            start.readAfter());
    List<BsonValue> splits =
        maxRanges > 1 ? splitPoints(collection, listed, maxRanges, chunkSize) : List.of();
    return new SnapshotPlan(
        database + "." + collection,
        UUID.randomUUID().toString(),
        reason,
        start.operationTime(),
        start.resumeToken(),
        splits,
        listed.uuid(),
        bound);
  }

  /**
   * Split points, or none for a collection with a default collation: its {@code find} ranges would
   * compare string ids by the collation and the range streams' {@code $match} binary, so ranges
   * could overlap or leave gaps between them. One range compares nothing across a boundary.
   */
  private List<BsonValue> splitPoints(
      String collection, ListedCollection listed, int maxRanges, int chunkSize) {
    String locale = listed.collationLocale();
    if (locale != null) {
      LOG.info(
          "{}.{} has a default collation (locale {}): its snapshot is one range, read by one task"
              + " (split ranges would bound string _ids by the collation in queries but binary in"
              + " change streams)",
          database,
          collection,
          locale);
      return List.of();
    }
    return SplitPointFinder.find(
        client.getDatabase(database).getCollection(collection, BsonDocument.class),
        maxRanges,
        chunkSize);
  }
}
