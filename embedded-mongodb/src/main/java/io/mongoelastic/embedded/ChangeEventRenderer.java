package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import java.time.Instant;

/**
 * Builds change event documents as MongoDB documents them: {@code _id} (resume token), {@code
 * operationType}, {@code clusterTime}, {@code wallTime}, {@code fullDocument} per the requested
 * mode, {@code ns}, {@code documentKey}, {@code updateDescription}, {@code to} for renames, and
 * {@code collectionUUID} when the stream asked for {@code showExpandedEvents}, and {@code lsid} and
 * {@code txnNumber} for the events of a transaction.
 */
final class ChangeEventRenderer {
  /** Finds the current version of a document, for {@code fullDocument: updateLookup}. */
  interface DocumentLookup {
    Document find(String db, String coll, Object id);
  }

  private final ChangeStreamSpec spec;
  private final DocumentLookup lookup;

  ChangeEventRenderer(ChangeStreamSpec spec, DocumentLookup lookup) {
    this.spec = spec;
    this.lookup = lookup;
  }

  Document render(ChangeEntry entry) {
    ChangePayload change = entry.payload();
    Document event =
        new Document()
            .append("_id", ResumeToken.of(entry).toDocument())
            .append("operationType", change.kind().operationType())
            .append("clusterTime", new BsonTimestamp(entry.clusterTime()))
            .append("wallTime", Instant.ofEpochMilli(entry.wallTimeMillis()));
    if (spec.showExpandedEvents() && change.collectionUuid() != null) {
      event.append("collectionUUID", change.collectionUuid());
    }
    switch (change.kind()) {
      case INSERT, REPLACE -> event.append("fullDocument", change.fullDocument());
      case UPDATE -> appendUpdateFullDocument(event, entry);
      default -> {}
    }
    Document ns = new Document("db", change.db());
    if (change.coll() != null) {
      ns.append("coll", change.coll());
    }
    event.append("ns", ns);
    if (change.kind() == ChangeKind.RENAME) {
      event.append("to", new Document("db", change.toDb()).append("coll", change.toColl()));
    }
    if (change.kind().isDocumentChange()) {
      event.append("documentKey", new Document("_id", change.documentId()));
    }
    if (change.kind() == ChangeKind.UPDATE) {
      event.append("updateDescription", change.updateDescription());
    }
    appendBeforeChange(event, entry);
    if (entry.transaction() != null) {
      event.append("lsid", entry.transaction().lsid().cloneDeeply());
      event.append("txnNumber", entry.transaction().txnNumber());
    }
    return event;
  }

  Document invalidate(long clusterTime, long wallTimeMillis) {
    return new Document()
        .append("_id", ResumeToken.invalidate(clusterTime).toDocument())
        .append("operationType", "invalidate")
        .append("clusterTime", new BsonTimestamp(clusterTime))
        .append("wallTime", Instant.ofEpochMilli(wallTimeMillis));
  }

  private void appendUpdateFullDocument(Document event, ChangeEntry entry) {
    ChangePayload change = entry.payload();
    switch (spec.fullDocument()) {
      case "updateLookup" ->
          event.append(
              "fullDocument", lookup.find(change.db(), change.coll(), change.documentId()));
      case "whenAvailable" -> event.append("fullDocument", change.fullDocument());
      case "required" -> {
        if (change.fullDocument() == null) {
          throw postImageMissing("post-image", entry);
        }
        event.append("fullDocument", change.fullDocument());
      }
      default -> {}
    }
  }

  private void appendBeforeChange(Document event, ChangeEntry entry) {
    ChangePayload change = entry.payload();
    ChangeKind kind = change.kind();
    if ("off".equals(spec.fullDocumentBeforeChange())
        || !(kind == ChangeKind.UPDATE
            || kind == ChangeKind.REPLACE
            || kind == ChangeKind.DELETE)) {
      return;
    }
    if (change.preImage() == null && "required".equals(spec.fullDocumentBeforeChange())) {
      throw postImageMissing("pre-image", entry);
    }
    event.append("fullDocumentBeforeChange", change.preImage());
  }

  private static CommandException postImageMissing(String image, ChangeEntry entry) {
    return new CommandException(
        47,
        "NoMatchingDocument",
        "Change stream was configured to require a "
            + image
            + " for all update, delete and replace events, but the "
            + image
            + " was not found for event at cluster time "
            + new BsonTimestamp(entry.clusterTime())
            + " (enable changeStreamPreAndPostImages on "
            + entry.payload().db()
            + "."
            + entry.payload().coll()
            + ")");
  }
}
