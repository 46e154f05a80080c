package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.exception.MongoServerError;
import java.util.List;

/** A command failure reported with MongoDB's error code, code name and error labels. */
final class CommandException extends MongoServerError {
  private static final long serialVersionUID = 1L;

  private final transient List<String> errorLabels;

  CommandException(int code, String codeName, String message, List<String> errorLabels) {
    super(code, codeName, message);
    this.errorLabels = List.copyOf(errorLabels);
  }

  CommandException(int code, String codeName, String message) {
    this(code, codeName, message, List.of());
  }

  List<String> errorLabels() {
    return errorLabels;
  }

  static CommandException historyLost() {
    return new CommandException(
        286,
        "ChangeStreamHistoryLost",
        "Resume of change stream was not possible, as the resume point may no longer be in the"
            + " oplog.");
  }

  static CommandException invalidResumeToken(String message) {
    return new CommandException(260, "InvalidResumeToken", message);
  }

  static CommandException fatal(String message) {
    return new CommandException(280, "ChangeStreamFatalError", message);
  }

  /**
   * MongoDB's answer when a stream resumed from an event token reaches a later event without having
   * seen the token's own event.
   */
  static CommandException resumeTokenNotFound(long surpassingClusterTime) {
    return fatal(
        "cannot resume stream; the resume token was not found. {_data: \""
            + ResumeToken.event(surpassingClusterTime).toDocument().get("_data")
            + "\"}");
  }

  static CommandException badValue(String message) {
    return new CommandException(2, "BadValue", message);
  }

  static CommandException failedToParse(String message) {
    return new CommandException(9, "FailedToParse", message);
  }
}
