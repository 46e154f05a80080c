package io.mongoelastic.source.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import javax.management.JMException;
import org.bson.Document;

/**
 * MongoDB's {@code failCommand} fail point aimed at one connector: the connector's connection
 * string carries an {@code appName} of its own and every fail point selects it, so the test's own
 * client is never hit. Configured with the real {@code configureFailPoint} admin command, so the
 * ITs also run against a replica set started with {@code enableTestCommands} (and are skipped on
 * one without). Closing turns the fail point off.
 */
final class ConnectorFaults implements AutoCloseable {
  private final String appName = "src-it-" + UUID.randomUUID().toString().substring(0, 8);

  private ConnectorFaults() {}

  /** Skips the calling test when the server has no test commands. */
  static ConnectorFaults open() {
    try {
      admin().runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
    } catch (MongoCommandException e) {
      // CommandNotFound / Unauthorized: a server without enableTestCommands.
      assumeTrue(e.getErrorCode() != 59 && e.getErrorCode() != 13, "no test commands");
      throw e;
    }
    return new ConnectorFaults();
  }

  /** The connection string the connector must use. */
  String connectionString() {
    String uri = SharedServices.mongo().connectionString();
    String separator = uri.contains("?") ? "&" : uri.endsWith("/") ? "?" : "/?";
    return uri + separator + "appName=" + appName;
  }

  /**
   * Sends {@code configureFailPoint: failCommand} with {@code mode} ({@code "alwaysOn"} or {@code
   * {times: n}}) and {@code data} (failCommands, errorCode, closeConnection, ...), selecting only
   * the connector's connections.
   */
  void failCommand(Object mode, Document data) {
    admin()
        .runCommand(
            new Document("configureFailPoint", "failCommand")
                .append("mode", mode)
                .append("data", new Document(data).append("appName", appName)));
  }

  static Document times(int n) {
    return new Document("times", n);
  }

  /** Turns the fail point off; returns how many times it had been entered (MongoDB's count). */
  long off() {
    Document reply =
        admin().runCommand(new Document("configureFailPoint", "failCommand").append("mode", "off"));
    Object count = reply.get("count");
    return count instanceof Number n ? n.longValue() : -1;
  }

  @Override
  public void close() {
    off();
  }

  /** The {@code Retries} attribute of a task's MBean (the worker runs in this JVM). */
  static long retries(String connector, int task) {
    try {
      return (Long)
          ManagementFactory.getPlatformMBeanServer()
              .getAttribute(SourceTaskMetrics.objectName(connector, task), "Retries");
    } catch (JMException e) {
      return -1;
    }
  }

  private static MongoDatabase admin() {
    return SharedServices.mongo().client().getDatabase("admin");
  }
}
