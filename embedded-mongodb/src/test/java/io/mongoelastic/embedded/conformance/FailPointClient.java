package io.mongoelastic.embedded.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;

/**
 * A client of its own, with a unique {@code appName}, whose fail points (set through the real
 * {@code configureFailPoint} admin command) select only its own connections, so tests never fail
 * each other's commands even on a shared real server. Closing it turns its fail points off.
 */
final class FailPointClient implements AutoCloseable {
  private static final Set<String> PROBED = new LinkedHashSet<>();

  private final MongoTarget target;
  private final String appName;
  private final MongoClient client;
  private final Set<String> configured = new LinkedHashSet<>();

  private FailPointClient(MongoTarget target, String appName, boolean retryWrites) {
    this.target = target;
    this.appName = appName;
    this.client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(target.connectionString()))
                .applicationName(appName)
                .retryWrites(retryWrites)
                .build());
  }

  /**
   * A client for a test that needs fail points; skips the test when the target has no test commands
   * (a real server started without {@code enableTestCommands}).
   */
  static FailPointClient open(MongoTarget target) {
    assumeTrue(available(target), "the server has no test commands (enableTestCommands)");
    return new FailPointClient(target, "fp-" + UUID.randomUUID().toString().substring(0, 8), true);
  }

  MongoClient client() {
    return client;
  }

  String appName() {
    return appName;
  }

  /** A database of this client with a fresh name. */
  MongoDatabase freshDatabase() {
    return client.getDatabase(target.freshDatabase().getName());
  }

  /**
   * Sends {@code configureFailPoint} with {@code data.appName} set to this client's name.
   *
   * @return the reply ({@code count}: how often the point had fired before)
   */
  Document configure(String failPoint, Object mode, Document data) {
    configured.add(failPoint);
    return admin()
        .runCommand(
            new Document("configureFailPoint", failPoint)
                .append("mode", mode)
                .append("data", new Document(data).append("appName", appName)));
  }

  /**
   * Sets the {@code failCommand} point on {@code commands} in {@code mode} ({@code "alwaysOn"},
   * {@code {times: n}}, {@code {skip: n}}), with what {@code failure} adds to its data ({@code
   * errorCode}, {@code closeConnection}, {@code blockTimeMS}, ...).
   *
   * @return how often the point had fired before (the reply's {@code count})
   */
  long failCommands(Object mode, Document failure, String... commands) {
    Document data = new Document("failCommands", List.of(commands));
    data.putAll(failure);
    return ((Number) configure("failCommand", mode, data).get("count")).longValue();
  }

  /** Turns a fail point off; returns the {@code count} of the reply. */
  long off(String failPoint) {
    Document reply =
        admin().runCommand(new Document("configureFailPoint", failPoint).append("mode", "off"));
    return ((Number) reply.get("count")).longValue();
  }

  private MongoDatabase admin() {
    return target.client().getDatabase("admin");
  }

  @Override
  public void close() {
    try {
      for (String failPoint : configured) {
        off(failPoint);
      }
    } finally {
      client.close();
    }
  }

  private static synchronized boolean available(MongoTarget target) {
    if (PROBED.contains(target.connectionString())) {
      return true;
    }
    try {
      target
          .client()
          .getDatabase("admin")
          .runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
    } catch (MongoCommandException e) {
      if (e.getErrorCode() == 59 || e.getErrorCode() == 13) {
        return false;
      }
      throw e;
    }
    PROBED.add(target.connectionString());
    return true;
  }
}
