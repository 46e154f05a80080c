package io.mongoelastic.harness;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoelastic.embedded.EmbeddedMongo;

/**
 * The MongoDB the ITs talk to: the embedded wire server by default, or a real replica set when
 * {@code -Dmongodb.it.uri=...} (or the {@code MONGODB_IT_URI} environment variable) names one, so
 * the same ITs check the connector against real MongoDB wherever one exists.
 */
public final class MongoService implements AutoCloseable {
  public static final String URI_PROPERTY = "mongodb.it.uri";
  public static final String URI_ENV = "MONGODB_IT_URI";

  private final EmbeddedMongo embedded;
  private final String connectionString;
  private final MongoClient client;

  private MongoService(EmbeddedMongo embedded, String connectionString) {
    this.embedded = embedded;
    this.connectionString = connectionString;
    this.client = MongoClients.create(connectionString);
  }

  /** Embedded unless a real replica set is configured. */
  public static MongoService start() {
    String uri = externalUri();
    if (uri != null) {
      return new MongoService(null, uri);
    }
    return startEmbedded();
  }

  /** An embedded server of the caller's own, whatever real replica set is configured. */
  public static MongoService startEmbedded() {
    EmbeddedMongo mongo = EmbeddedMongo.start();
    return new MongoService(mongo, mongo.connectionString());
  }

  /** The configured real replica set's URI, or null. */
  public static String externalUri() {
    String uri = System.getProperty(URI_PROPERTY);
    if (uri == null || uri.isBlank()) {
      uri = System.getenv(URI_ENV);
    }
    return uri == null || uri.isBlank() ? null : uri;
  }

  public String connectionString() {
    return connectionString;
  }

  /** A client shared by the test code (the connector makes its own). */
  public MongoClient client() {
    return client;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  /** The embedded server, for tests that inspect or bound its oplog; null against real MongoDB. */
  public EmbeddedMongo embedded() {
    return embedded;
  }

  @Override
  public void close() {
    client.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
