package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Applies the {@link FailPoints} to the commands of one server at the places mongod evaluates them:
 * {@code failCommand} before a command runs (block, then hang up or fail) and after a successful
 * write ({@code writeConcernError}); {@code failGetMoreAfterCursorCheckout} once a {@code getMore}
 * holds its cursor. Both select commands the same way: the command name (or an alias of it), and
 * optionally the connection's {@code appName} and the {@code namespace}.
 */
final class FaultInjector {
  private static final String FAIL_MESSAGE = "Failing command via 'failCommand' failpoint";
  private static final Set<String> WRITE_CONCERN_COMMANDS =
      Set.of(
          "insert",
          "update",
          "delete",
          "findAndModify",
          "create",
          "drop",
          "dropDatabase",
          "createIndexes",
          "dropIndexes",
          "renameCollection",
          "collMod");

  private final FailPoints failPoints;

  FaultInjector(FailPoints failPoints) {
    this.failPoints = failPoints;
  }

  /**
   * Runs before a command: remembers the app name of a handshake, then lets {@code failCommand}
   * block the command, close the connection or fail the command.
   *
   * @throws FailPointError when the command is to fail (after a hang-up, nobody reads the reply)
   */
  void beforeCommand(Channel channel, String db, String command, Document query) {
    if (isHandshake(command)) {
      ConnectionAppName.remember(channel, query);
    }
    Document data =
        failPoints
            .point(FailPoints.FAIL_COMMAND)
            .enter(
                d ->
                    selects(d, channel, command, () -> namespace(db, command, query))
                        && (isTrue(d.get("closeConnection"))
                            || isTrue(d.get("blockConnection"))
                            || d.get("errorCode") instanceof Number));
    if (data == null) {
      return;
    }
    List<String> labels = labels(data);
    if (isTrue(data.get("blockConnection"))) {
      block(data, labels);
    }
    if (isTrue(data.get("closeConnection"))) {
      if (channel != null) {
        channel.close().syncUninterruptibly();
      }
      throw new FailPointError(50985, FAIL_MESSAGE, labels);
    }
    if (data.get("errorCode") instanceof Number code) {
      throw new FailPointError(code.intValue(), FAIL_MESSAGE, labels);
    }
  }

  /** Runs after a command succeeded: {@code failCommand} may add a write concern error. */
  void afterCommand(Channel channel, String db, String command, Document query, Document reply) {
    if (!WRITE_CONCERN_COMMANDS.contains(command) || !isOk(reply)) {
      return;
    }
    Document data =
        failPoints
            .point(FailPoints.FAIL_COMMAND)
            .enter(
                d ->
                    selects(d, channel, command, () -> namespace(db, command, query))
                        && d.get("writeConcernError") instanceof Document);
    if (data != null) {
      reply.put("writeConcernError", data.get("writeConcernError"));
      List<String> labels = labels(data);
      if (labels != null && !labels.isEmpty()) {
        reply.put("errorLabels", labels);
      }
    }
  }

  /**
   * Runs once a {@code getMore} has checked out its cursor.
   *
   * @throws FailPointError with the fail point's {@code errorCode} (InternalError by default)
   */
  void afterCursorCheckout(Channel channel, String namespace) {
    Document data =
        failPoints
            .point(FailPoints.FAIL_GET_MORE_AFTER_CURSOR_CHECKOUT)
            .enter(d -> selects(asGetMoreFilter(d), channel, "getMore", () -> namespace));
    if (data != null) {
      int code = data.get("errorCode") instanceof Number n ? n.intValue() : 1;
      throw new FailPointError(code, "Hit the 'failGetMoreAfterCursorCheckout' failpoint", null);
    }
  }

  private static boolean selects(
      Document data, Channel channel, String command, Supplier<String> namespace) {
    if (ConfigureFailPointCommand.NAME.equals(command)) {
      return false; // never, whatever failCommands says
    }
    if (data.get("appName") instanceof String appName
        && !appName.equals(ConnectionAppName.of(channel))) {
      return false;
    }
    if (data.get("namespace") instanceof String wanted && !wanted.equals(namespace.get())) {
      return false;
    }
    if (data.containsKey("failAllCommands")) {
      return true;
    }
    if (!(data.get("failCommands") instanceof List<?> names)) {
      return false;
    }
    for (Object name : names) {
      if (name instanceof String s && isNameOf(s, command)) {
        return true;
      }
    }
    return false;
  }

  /** failGetMoreAfterCursorCheckout filters like failCommand with failCommands: [getMore]. */
  private static Document asGetMoreFilter(Document data) {
    Document filter = new Document(data);
    filter.put("failCommands", List.of("getMore"));
    return filter;
  }

  /** Command names match exactly; {@code isMaster} is also registered as {@code ismaster}. */
  private static boolean isNameOf(String name, String command) {
    if (name.equals(command)) {
      return true;
    }
    return "isMaster".equalsIgnoreCase(command)
        && (name.equals("isMaster") || name.equals("ismaster"));
  }

  private static void block(Document data, List<String> labels) {
    if (!(data.get("blockTimeMS") instanceof Number time) || time.longValue() < 0) {
      throw new FailPointError(
          72, "must specify non-negative 'blockTimeMS' when 'blockConnection' is true", labels);
    }
    try {
      Thread.sleep(time.longValue());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandException(11601, "Interrupted", "the server is shutting down");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> labels(Document data) {
    return data.get("errorLabels") instanceof List<?> labels ? (List<String>) labels : null;
  }

  /**
   * The namespace a command runs on, as mongod matches a point's {@code namespace}: the collection
   * it names; {@code db.$cmd.aggregate} for a collectionless aggregate ({@code aggregate: 1}, a
   * database-level change stream), which is also the collection its getMores name; else {@code
   * db.$cmd}.
   */
  private static String namespace(String db, String command, Document query) {
    Object target = "getMore".equals(command) ? query.get("collection") : query.get(command);
    if ("aggregate".equals(command) && target instanceof Number) {
      return db + ".$cmd.aggregate";
    }
    return target instanceof String coll ? db + "." + coll : db + ".$cmd";
  }

  private static boolean isHandshake(String command) {
    return "hello".equals(command) || "isMaster".equalsIgnoreCase(command);
  }

  private static boolean isTrue(Object value) {
    return Boolean.TRUE.equals(value);
  }

  private static boolean isOk(Document reply) {
    return reply.get("ok") instanceof Number ok && ok.doubleValue() == 1.0;
  }
}
