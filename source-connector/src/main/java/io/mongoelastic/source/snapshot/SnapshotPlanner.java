package io.mongoelastic.source.snapshot;

import com.mongodb.client.MongoClient;
import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.source.stream.StartPoint;
import io.mongoelastic.source.stream.StartPointReader;
import java.util.List;
import java.util.UUID;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Plans a new snapshot of a collection: captures the stream start point first (so every write made
 * while the snapshot reads is streamed afterwards), then the split points.
 */
public final class SnapshotPlanner {
  private final MongoClient client;
  private final String database;

  public SnapshotPlanner(MongoClient client, String database) {
    this.client = client;
    this.database = database;
  }

  public SnapshotPlan plan(String collection, SnapshotReason reason, int maxRanges, int chunkSize) {
    StartPoint start = new StartPointReader(client).capture(database, collection);
    List<BsonValue> splits =
        maxRanges > 1
            ? SplitPointFinder.find(
                client.getDatabase(database).getCollection(collection, BsonDocument.class),
                maxRanges,
                chunkSize)
            : List.of();
    return new SnapshotPlan(
        database + "." + collection,
        UUID.randomUUID().toString(),
        reason,
        start.operationTime(),
        start.resumeToken(),
        splits);
  }
}
