package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;

/**
 * mongod's {@code configureFailPoint} test command: {@code {configureFailPoint: <name>, mode: ...,
 * data: {...}}} on the {@code admin} database, answered with {@code {count: <times the point had
 * fired>, ok: 1}}.
 */
final class ConfigureFailPointCommand {
  static final String NAME = "configureFailPoint";

  private ConfigureFailPointCommand() {}

  static Document run(FailPoints failPoints, String db, Document command) {
    if (!"admin".equals(db)) {
      throw new CommandException(
          13, "Unauthorized", NAME + " may only be run against the admin database.");
    }
    if (!(command.get(NAME) instanceof String name)) {
      throw new CommandException(14, "TypeMismatch", NAME + " must name a fail point (a string)");
    }
    FailPoint point = failPoints.point(name);
    FailPointMode mode = FailPointMode.parse(command.get("mode"));
    Object data = command.getOrDefault("data", new Document());
    if (!(data instanceof Document document)) {
      throw CommandException.badValue("the 'data' option must be a document");
    }
    long count = point.configure(mode, document);
    return new Document("count", count).append("ok", 1.0);
  }
}
