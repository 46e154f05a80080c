package io.mongoelastic.source.oplog;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import java.util.Date;
import java.util.Optional;
import org.bson.BsonTimestamp;
import org.bson.Document;

/**
 * Reads the oplog window from {@code local.oplog.rs}: its first and last entry in natural (insert)
 * order, the documented way to find a replica set's oldest retained operation. Each entry's {@code
 * wall} (wall-clock date, MongoDB 4.2+) is used, or its {@code ts} seconds when it has none.
 */
public final class OplogWindowReader {
  static final String DATABASE = "local";
  static final String COLLECTION = "oplog.rs";

  /** MongoDB's Unauthorized error: the user may not read the 'local' database. */
  private static final int UNAUTHORIZED = 13;

  private final MongoCollection<Document> oplog;

  public OplogWindowReader(MongoClient client) {
    this.oplog = client.getDatabase(DATABASE).getCollection(COLLECTION);
  }

  /** Thrown when the connector's user may not read local.oplog.rs. */
  public static final class NotPermittedException extends RuntimeException {
    NotPermittedException(MongoCommandException cause) {
      super(cause.getErrorCodeName() + ": " + cause.getErrorMessage(), cause);
    }
  }

  /** The window, or empty when the oplog holds no entry. */
  public Optional<OplogWindow> read() {
    try {
      Document oldest = edge(1);
      Document newest = edge(-1);
      if (oldest == null || newest == null) {
        return Optional.empty();
      }
      return Optional.of(new OplogWindow(wallMs(oldest), wallMs(newest)));
    } catch (MongoCommandException e) {
      if (e.getErrorCode() == UNAUTHORIZED) {
        throw new NotPermittedException(e);
      }
      throw e;
    }
  }

  private Document edge(int direction) {
    return oplog
        .find()
        .sort(new Document("$natural", direction))
        .projection(new Document("ts", 1).append("wall", 1))
        .limit(1)
        .first();
  }

  private static long wallMs(Document entry) {
    if (entry.get("wall") instanceof Date wall) {
      return wall.getTime();
    }
    if (entry.get("ts") instanceof BsonTimestamp ts) {
      return ts.getTime() * 1000L;
    }
    throw new IllegalStateException("local.oplog.rs entry without 'wall' or 'ts'");
  }
}
