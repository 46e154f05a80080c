package io.mongoelastic.quickstart;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Checks {@code MONGODB_URI} before anything starts: parses it, and asks the servers for {@code
 * hello} within a few seconds, so a wrong host, port, replica-set name or password is reported at
 * once instead of after the driver's 30 s timeout. Depends only on the driver, so {@code
 * quickstart.sh} can also run it as a single source file before building.
 */
public final class MongoUriProbe {
  static final int TIMEOUT_SECONDS = 5;

  private MongoUriProbe() {}

  /** Exit 0 when the URI answers, 2 with the problem on stderr otherwise. */
  public static void main(String[] args) {
    String problem = problem(args.length > 0 ? args[0] : System.getenv("MONGODB_URI"));
    if (problem != null) {
      System.err.println("[quickstart] " + problem);
      System.exit(2);
    }
  }

  /** What is wrong with the URI, or null when a replica-set member answered. */
  static String problem(String uri) {
    if (uri == null || uri.isBlank()) {
      return "MONGODB_URI is empty.";
    }
    ConnectionString parsed;
    try {
      parsed = new ConnectionString(uri);
    } catch (IllegalArgumentException e) {
      return "MONGODB_URI is not a MongoDB connection string: "
          + e.getMessage()
          + " (expected e.g. mongodb://user:password@host:27017/?replicaSet=rs0)";
    }
    MongoClientSettings settings =
        MongoClientSettings.builder()
            .applyConnectionString(parsed)
            .applyToClusterSettings(
                cluster -> cluster.serverSelectionTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            .applyToSocketSettings(
                socket -> socket.connectTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            .build();
    String hosts = String.join(",", parsed.getHosts());
    try (MongoClient client = MongoClients.create(settings)) {
      Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
      if (hello.getString("setName") == null && hello.get("msg") == null) {
        return "MONGODB_URI points at a standalone server ("
            + hosts
            + "); change streams need a replica set or sharded cluster. Start mongod with"
            + " --replSet and run rs.initiate(), then add ?replicaSet=<name> to the URI.";
      }
      return null;
    } catch (MongoException e) {
      return "MongoDB at "
          + hosts
          + " did not answer within "
          + TIMEOUT_SECONDS
          + " s ("
          + e.getClass().getSimpleName()
          + "). Check the host and port, that mongod runs and is reachable from here, the"
          + " replicaSet name in MONGODB_URI (it must match rs.status().set), and the user and"
          + " password; or unset MONGODB_URI to use the embedded MongoDB.";
    }
  }
}
