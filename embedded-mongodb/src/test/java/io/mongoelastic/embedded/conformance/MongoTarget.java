package io.mongoelastic.embedded.conformance;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.mongoelastic.embedded.EmbeddedMongo;
import java.util.UUID;

/**
 * The MongoDB the conformance tests run against: the embedded server by default, or a real replica
 * set when {@code -Dmongodb.it.uri=...} (or {@code MONGODB_IT_URI}) names one. This is the one
 * place that decides.
 */
final class MongoTarget implements AutoCloseable {
  static final String URI_PROPERTY = "mongodb.it.uri";
  static final String URI_ENV = "MONGODB_IT_URI";

  private final EmbeddedMongo embedded;
  private final String connectionString;
  private final MongoClient client;

  private MongoTarget(EmbeddedMongo embedded, String connectionString) {
    this.embedded = embedded;
    this.connectionString = connectionString;
    this.client = MongoClients.create(connectionString);
  }

  static MongoTarget start() {
    String uri = System.getProperty(URI_PROPERTY);
    if (uri == null || uri.isBlank()) {
      uri = System.getenv(URI_ENV);
    }
    if (uri != null && !uri.isBlank()) {
      return new MongoTarget(null, uri);
    }
    EmbeddedMongo mongo = EmbeddedMongo.start();
    return new MongoTarget(mongo, mongo.connectionString());
  }

  MongoClient client() {
    return client;
  }

  String connectionString() {
    return connectionString;
  }

  /** The embedded server, or null against a real replica set. */
  EmbeddedMongo embedded() {
    return embedded;
  }

  boolean isEmbedded() {
    return embedded != null;
  }

  /** A database no other test uses. */
  MongoDatabase freshDatabase() {
    return client.getDatabase(
        "conf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
  }

  @Override
  public void close() {
    client.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
