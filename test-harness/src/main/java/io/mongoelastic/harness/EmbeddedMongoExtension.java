package io.mongoelastic.harness;

import com.mongodb.client.MongoClient;
import io.mongoelastic.embedded.EmbeddedMongo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded MongoDB itself and a client of it, for tests that need the server (its cluster time,
 * oplog trimming, fail points set from Java) even when a real replica set is configured; tests that
 * need any replica set use {@link SharedServices#mongo()}. Register it as a static field with
 * {@code @RegisterExtension}.
 *
 * <p>By default ({@link #shared()}) every test class of the run shares one server ({@link
 * SharedServices#embeddedMongo()}, started once): each class uses databases of its own, and what it
 * changes server-wide (an oplog trimmed before its own events) must not matter to the others. A
 * class whose changes would reach the others (fail points on shared commands, trimming the whole
 * oplog, measuring the whole oplog) or that needs other server settings takes {@link #ownServer()}
 * and says why.
 */
public final class EmbeddedMongoExtension implements BeforeAllCallback, AfterAllCallback {
  private final boolean own;
  private MongoService mongo;

  /** The run's shared embedded server; the same as {@link #shared()}. */
  public EmbeddedMongoExtension() {
    this(false);
  }

  private EmbeddedMongoExtension(boolean own) {
    this.own = own;
  }

  /**
   * The run's shared embedded server, started once. The classes using it run one after another
   * (parallel execution stays off in the modules' {@code junit-platform.properties}).
   */
  public static EmbeddedMongoExtension shared() {
    return new EmbeddedMongoExtension(false);
  }

  /** A server of the test class's own, started before its first test and closed after its last. */
  public static EmbeddedMongoExtension ownServer() {
    return new EmbeddedMongoExtension(true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    mongo = own ? MongoService.startEmbedded() : SharedServices.embeddedMongo();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (own && mongo != null) {
      mongo.close();
    }
    mongo = null;
  }

  public EmbeddedMongo server() {
    return mongo.embedded();
  }

  /** A client shared by the test code; not to be closed by the tests. */
  public MongoClient client() {
    return mongo.client();
  }

  /** The server's connection string, for the connector's config and clients of the test's own. */
  public String connectionString() {
    return mongo.connectionString();
  }
}
