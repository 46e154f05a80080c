package io.mongoelastic.source.stream;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures where a collection's change stream must start so that nothing written after this call is
 * missed: opens an empty change stream in a session and keeps the session's operation time (the
 * cluster time of the server's reply) and the stream's post-batch resume token.
 */
public final class StartPointReader {
  private static final Logger LOG = LoggerFactory.getLogger(StartPointReader.class);

  private final MongoClient client;

  public StartPointReader(MongoClient client) {
    this.client = client;
  }

  public StartPoint capture(String database, String collection) {
    MongoCollection<BsonDocument> coll =
        client.getDatabase(database).getCollection(collection, BsonDocument.class);
    // Taken before the server call: a lower bound if the server reports no operation time.
    long wallSeconds = System.currentTimeMillis() / 1000 - 1;
    try (ClientSession session = client.startSession()) {
      BsonDocument token;
      try (MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor =
          coll.watch(session)
              .maxAwaitTime(1, java.util.concurrent.TimeUnit.MILLISECONDS)
              .cursor()) {
        token = cursor.getResumeToken();
      }
      BsonTimestamp time = session.getOperationTime();
      if (time == null) {
        LOG.warn(
            "The server reported no operation time for {}.{}; using the local clock as the"
                + " snapshot's source version and the stream start (MongoDB replica sets always"
                + " report one)",
            database,
            collection);
        time = new BsonTimestamp((int) wallSeconds, 0);
      }
      return new StartPoint(time, token);
    }
  }
}
