package io.mongoelastic.source.stream;

import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.mongoelastic.source.snapshot.SnapshotReadSession;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * Reads a document's current state for a change event that could not be read whole: on the primary,
 * with majority read concern, in a causally consistent session whose operation time is the event's
 * cluster time. The read then sees at least the event's write; with the client's default read
 * preference and concern a lagging secondary could return an older state, or nothing for a document
 * just inserted, which the connector would send as a delete of a live document.
 */
final class CurrentDocumentReader {
  private final MongoClient client;
  private final MongoCollection<BsonDocument> collection;

  CurrentDocumentReader(MongoClient client, MongoCollection<BsonDocument> collection) {
    this.client = client;
    this.collection =
        collection
            .withReadPreference(ReadPreference.primary())
            .withReadConcern(ReadConcern.MAJORITY);
  }

  /** The document with {@code id} as of {@code clusterTime} or later, or null when it is gone. */
  BsonDocument read(BsonValue id, BsonTimestamp clusterTime) {
    try (SnapshotReadSession session = new SnapshotReadSession(client, clusterTime)) {
      return collection.find(session.get(), Filters.eq("_id", id)).first();
    }
  }
}
