package io.mongoelastic.source;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The live stage of validation: can the server be reached within a few seconds, and is it a replica
 * set or a sharded cluster (change streams need one)? Messages never hold credentials.
 */
final class ConnectionProbe {
  static final int TIMEOUT_SECONDS = 4;

  private ConnectionProbe() {}

  /** Client settings that give up within {@link #TIMEOUT_SECONDS}, for validation's live checks. */
  static MongoClientSettings settings(ConnectionString connection) {
    return MongoClientSettings.builder()
        .applyConnectionString(connection)
        .applyToClusterSettings(b -> b.serverSelectionTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .applyToSocketSettings(
            b ->
                b.connectTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .readTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .build();
  }

  /** An error message for {@code mongodb.uri}, or empty when the server is usable. */
  static Optional<String> check(String uri) {
    ConnectionString connection = new ConnectionString(uri);
    String hosts = String.join(",", connection.getHosts());
    try (MongoClient client = MongoClients.create(settings(connection))) {
      Document hello;
      try {
        hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
      } catch (com.mongodb.MongoCommandException e) {
        if (e.getErrorCode() != 59) {
          throw e;
        }
        // Servers before MongoDB 4.4 only know the legacy name.
        hello = client.getDatabase("admin").runCommand(new Document("isMaster", 1));
      }
      boolean replicaSet = hello.get("setName") != null;
      boolean mongos = "isdbgrid".equals(hello.get("msg"));
      if (!replicaSet && !mongos) {
        return Optional.of(
            "MongoDB at "
                + hosts
                + " is a standalone server, but change streams need a replica set or a sharded"
                + " cluster. Start mongod with --replSet and run rs.initiate() (a one-member"
                + " replica set is enough), then point "
                + MongoSourceConfig.MONGODB_URI
                + " at it.");
      }
      return Optional.empty();
    } catch (MongoTimeoutException e) {
      return Optional.of(
          "Cannot reach MongoDB at "
              + hosts
              + " within "
              + TIMEOUT_SECONDS
              + " s. Check the hosts and ports, the network path, TLS options and the"
              + " replicaSet name in "
              + MongoSourceConfig.MONGODB_URI
              + ".");
    } catch (MongoSecurityException e) {
      return Optional.of(
          "MongoDB at "
              + hosts
              + " refused the credentials of "
              + MongoSourceConfig.MONGODB_URI
              + ". Check the user, password and authSource.");
    } catch (RuntimeException e) {
      return Optional.of(
          "MongoDB at "
              + hosts
              + " answered with an error ("
              + ConnectionStringMasker.scrub(e.getMessage(), uri)
              + "). Check "
              + MongoSourceConfig.MONGODB_URI
              + ".");
    }
  }
}
