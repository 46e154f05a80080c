package io.mongoelastic.source.stream;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * Change events for tests of pure logic, without a server: only the fields a case sets, every other
 * field absent (null), so a case names what it is about instead of the driver's fifteen constructor
 * arguments.
 */
public final class ChangeStreamDocumentBuilder {
  private final String operationType;
  private BsonDocument resumeToken;
  private BsonDocument namespace;
  private BsonDocument destination;
  private BsonDocument fullDocument;
  private BsonDocument documentKey;

  private ChangeStreamDocumentBuilder(String operationType) {
    this.operationType = operationType;
  }

  /** An event of {@code operationType} ({@code insert}, {@code rename}, {@code invalidate}…). */
  public static ChangeStreamDocumentBuilder event(String operationType) {
    return new ChangeStreamDocumentBuilder(operationType);
  }

  /** The event's {@code _id}. */
  public ChangeStreamDocumentBuilder resumeToken(BsonDocument token) {
    this.resumeToken = token;
    return this;
  }

  /** The {@code ns} of an event on a collection. */
  public ChangeStreamDocumentBuilder namespace(String database, String collection) {
    this.namespace = namespaceDocument(database, collection);
    return this;
  }

  /** The {@code ns} of an event on a whole database (no {@code coll}). */
  public ChangeStreamDocumentBuilder database(String database) {
    this.namespace = new BsonDocument("db", new BsonString(database));
    return this;
  }

  /** The {@code to} of a rename: the collection's new namespace. */
  public ChangeStreamDocumentBuilder renamedTo(String database, String collection) {
    this.destination = namespaceDocument(database, collection);
    return this;
  }

  public ChangeStreamDocumentBuilder fullDocument(BsonDocument document) {
    this.fullDocument = document;
    return this;
  }

  public ChangeStreamDocumentBuilder documentKey(BsonDocument key) {
    this.documentKey = key;
    return this;
  }

  public ChangeStreamDocument<BsonDocument> build() {
    return new ChangeStreamDocument<>(
        operationType,
        resumeToken,
        namespace,
        null,
        destination,
        fullDocument,
        null,
        documentKey,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static BsonDocument namespaceDocument(String database, String collection) {
    return new BsonDocument("db", new BsonString(database))
        .append("coll", new BsonString(collection));
  }
}
