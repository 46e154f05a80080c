package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Set;

/**
 * The options of one {@code $changeStream} stage and the scope it watches: one collection ({@code
 * coll} set), one database ({@code coll} null), or the whole cluster ({@code db} null).
 */
record ChangeStreamSpec(
    String db,
    String coll,
    String fullDocument,
    String fullDocumentBeforeChange,
    ResumeToken resumeAfter,
    ResumeToken startAfter,
    Long startAtOperationTime,
    boolean showExpandedEvents) {

  private static final Set<String> FULL_DOCUMENT_MODES =
      Set.of("default", "updateLookup", "whenAvailable", "required");
  private static final Set<String> BEFORE_CHANGE_MODES = Set.of("off", "whenAvailable", "required");
  private static final Set<String> OPTIONS =
      Set.of(
          "fullDocument",
          "fullDocumentBeforeChange",
          "resumeAfter",
          "startAfter",
          "startAtOperationTime",
          "allChangesForCluster",
          "showExpandedEvents");

  static ChangeStreamSpec parse(String db, String coll, Document stage) {
    for (String key : stage.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new CommandException(
            40415,
            "IDLUnknownField",
            "BSON field '$changeStream." + key + "' is an unknown field.");
      }
    }
    boolean cluster = Boolean.TRUE.equals(stage.get("allChangesForCluster"));
    if (cluster && (!"admin".equals(db) || coll != null)) {
      throw CommandException.badValue(
          "$changeStream may only be run with {allChangesForCluster: true} if it is the first stage"
              + " of an aggregate on the 'admin' database with {aggregate: 1}");
    }
    if (!cluster && "admin".equals(db)) {
      throw new CommandException(
          73, "InvalidNamespace", "$changeStream may not be opened on the internal admin database");
    }
    String fullDocument = (String) stage.getOrDefault("fullDocument", "default");
    if (!FULL_DOCUMENT_MODES.contains(fullDocument)) {
      throw CommandException.badValue(
          "'" + fullDocument + "' is not a valid value for $changeStream.fullDocument");
    }
    String beforeChange = (String) stage.getOrDefault("fullDocumentBeforeChange", "off");
    if (!BEFORE_CHANGE_MODES.contains(beforeChange)) {
      throw CommandException.badValue(
          "'" + beforeChange + "' is not a valid value for $changeStream.fullDocumentBeforeChange");
    }
    ResumeToken resumeAfter =
        stage.containsKey("resumeAfter") ? ResumeToken.parse(stage.get("resumeAfter")) : null;
    ResumeToken startAfter =
        stage.containsKey("startAfter") ? ResumeToken.parse(stage.get("startAfter")) : null;
    Long startAt = null;
    if (stage.containsKey("startAtOperationTime")) {
      if (!(stage.get("startAtOperationTime") instanceof BsonTimestamp timestamp)) {
        throw new CommandException(
            14, "TypeMismatch", "$changeStream.startAtOperationTime must be a timestamp");
      }
      startAt = timestamp.getValue();
    }
    int starts =
        (resumeAfter != null ? 1 : 0) + (startAfter != null ? 1 : 0) + (startAt != null ? 1 : 0);
    if (starts > 1) {
      throw new CommandException(
          40674,
          "Location40674",
          "Only one type of resume option is allowed, but multiple were found.");
    }
    return new ChangeStreamSpec(
        cluster ? null : db,
        coll,
        fullDocument,
        beforeChange,
        resumeAfter,
        startAfter,
        startAt,
        Boolean.TRUE.equals(stage.get("showExpandedEvents")));
  }

  /** Whether an entry is in this stream's scope. */
  boolean watches(ChangePayload payload) {
    if (db == null) {
      return true;
    }
    if (!db.equals(payload.db())) {
      return false;
    }
    if (coll == null) {
      return true;
    }
    // A collection stream sees its own collection's events; dropDatabase reaches it as a drop.
    return coll.equals(payload.coll()) || isRenameOnto(payload);
  }

  /** A rename whose target is this stream's collection (MongoDB reports it there too). */
  private boolean isRenameOnto(ChangePayload payload) {
    return payload.kind() == ChangeKind.RENAME
        && db.equals(payload.toDb())
        && coll.equals(payload.toColl());
  }

  /** Whether this entry ends the stream (it is followed by an {@code invalidate}). */
  boolean isInvalidatedBy(ChangePayload payload) {
    if (db == null || !db.equals(payload.db())) {
      return false;
    }
    if (coll != null) {
      return ((payload.kind() == ChangeKind.DROP || payload.kind() == ChangeKind.RENAME)
              && coll.equals(payload.coll()))
          || isRenameOnto(payload);
    }
    return payload.kind() == ChangeKind.DROP_DATABASE;
  }

  String cursorNamespace() {
    if (db == null) {
      return "admin.$cmd.aggregate";
    }
    return coll == null ? db + ".$cmd.aggregate" : db + "." + coll;
  }
}
