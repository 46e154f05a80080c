package io.mongoelastic.source;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoIncompatibleDriverException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.bson.Document;

/**
 * The live stage of validation: can the server be reached within a few seconds (with the
 * connector's TLS settings), is it a replica set or a sharded cluster (change streams need one),
 * and does its version ({@code buildInfo}) support the settings? Messages never hold credentials.
 */
final class ConnectionProbe {
  static final int TIMEOUT_SECONDS = 4;

  private ConnectionProbe() {}

  /**
   * Client settings that give up within {@link #TIMEOUT_SECONDS}, with the connector's TLS, for
   * validation's live checks.
   */
  static MongoClientSettings settings(ConnectionString connection, SSLContext ssl) {
    return MongoClientFactory.settings(connection, ssl)
        .applyToClusterSettings(b -> b.serverSelectionTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .applyToSocketSettings(
            b ->
                b.connectTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .readTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .build();
  }

  /**
   * Error messages by the key at fault ({@code mongodb.uri} or {@code stream.full.document}); empty
   * when the server is usable.
   */
  static Map<String, String> check(String uri, SSLContext ssl, FullDocumentMode fullDocument) {
    ConnectionString connection = new ConnectionString(uri);
    String hosts = String.join(",", connection.getHosts());
    try (MongoClient client = MongoClients.create(settings(connection, ssl))) {
      Document hello;
      try {
        hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
      } catch (MongoCommandException e) {
        if (e.getErrorCode() != 59) {
          throw e;
        }
        // Servers before MongoDB 4.4 only know the legacy name.
        hello = client.getDatabase("admin").runCommand(new Document("isMaster", 1));
      }
      ServerVersion version =
          ServerVersion.fromBuildInfo(
              client.getDatabase("admin").runCommand(new Document("buildInfo", 1)));
      if (version.driverProblem().isPresent()) {
        return uriError(version.driverProblem().get());
      }
      Map<String, String> errors = new LinkedHashMap<>();
      boolean replicaSet = hello.get("setName") != null;
      boolean mongos = "isdbgrid".equals(hello.get("msg"));
      if (!replicaSet && !mongos) {
        errors.put(
            MongoSourceConfig.MONGODB_URI,
            "MongoDB at "
                + hosts
                + " is a standalone server, but change streams need a replica set or a sharded"
                + " cluster. Start mongod with --replSet and run rs.initiate() (a one-member"
                + " replica set is enough), then point "
                + MongoSourceConfig.MONGODB_URI
                + " at it.");
      }
      version
          .fullDocumentProblem(fullDocument)
          .ifPresent(problem -> errors.put(MongoSourceConfig.STREAM_FULL_DOCUMENT, problem));
      return errors;
    } catch (MongoIncompatibleDriverException e) {
      // The driver refuses servers older than its minimum before any command runs.
      return uriError(
          "MongoDB at "
              + hosts
              + " is older than "
              + ServerVersion.DRIVER_MINIMUM
              + ", which the connector's driver needs ("
              + e.getMessage()
              + "). Upgrade the server or point "
              + MongoSourceConfig.MONGODB_URI
              + " at a newer one.");
    } catch (MongoTimeoutException e) {
      return uriError(
          "Cannot reach MongoDB at "
              + hosts
              + " within "
              + TIMEOUT_SECONDS
              + " s. Check the hosts and ports, the network path, TLS options (the URI's and "
              + MongoSourceConfig.MONGODB_TLS.key("ssl.*")
              + ") and the replicaSet name in "
              + MongoSourceConfig.MONGODB_URI
              + ".");
    } catch (MongoSecurityException e) {
      return uriError(
          "MongoDB at "
              + hosts
              + " refused the credentials of "
              + MongoSourceConfig.MONGODB_URI
              + ". Check the user, password and authSource.");
    } catch (RuntimeException e) {
      return uriError(
          "MongoDB at "
              + hosts
              + " answered with an error ("
              + ConnectionStringMasker.scrub(e.getMessage(), uri)
              + "). Check "
              + MongoSourceConfig.MONGODB_URI
              + ".");
    }
  }

  private static Map<String, String> uriError(String message) {
    return Map.of(MongoSourceConfig.MONGODB_URI, message);
  }
}
