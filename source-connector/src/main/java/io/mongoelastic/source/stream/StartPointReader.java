package io.mongoelastic.source.stream;

import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
    return capture(coll::watch, database + "." + collection);
  }

  /**
   * Where streams of any collection of {@code database} start to miss nothing written after this
   * call: a database stream's post-batch token names no event, so it resumes a stream of any scope
   * and filter, as its operation time does.
   */
  public StartPoint capture(String database) {
    MongoDatabase db = client.getDatabase(database);
    return capture(session -> db.watch(session, BsonDocument.class), database);
  }

  private StartPoint capture(
      Function<ClientSession, ChangeStreamIterable<BsonDocument>> watch, String scope) {
    // Taken before the server call: a lower bound if the server reports no operation time.
    long wallSeconds = System.currentTimeMillis() / 1000 - 1;
    try (ClientSession session = client.startSession()) {
      BsonDocument token;
      try (MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor =
          watch.apply(session).maxAwaitTime(1, TimeUnit.MILLISECONDS).cursor()) {
        token = cursor.getResumeToken();
      }
      BsonTimestamp time = session.getOperationTime();
      if (time == null) {
        LOG.warn(
            "The server reported no operation time for {}; using the local clock as the"
                + " snapshot's source version and the stream start (MongoDB replica sets always"
                + " report one)",
            scope);
        time = new BsonTimestamp((int) wallSeconds, 0);
      }
      return new StartPoint(time, token);
    }
  }
}
