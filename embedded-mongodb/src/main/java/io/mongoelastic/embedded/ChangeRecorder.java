package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns writes into change-log entries. Writes to MongoDB's internal databases ({@code admin},
 * {@code config}, {@code local}), to {@code system.*} collections and to time-series collections
 * (whose writes MongoDB makes to {@code system.buckets.*}) produce no change events, as on MongoDB.
 * Drops and renames also keep the {@link CollectionCatalog} current.
 */
final class ChangeRecorder {
  private static final Set<String> INTERNAL_DATABASES = Set.of("admin", "config", "local");

  private final ChangeLog log;
  private final CollectionCatalog catalog = new CollectionCatalog();
  private final Set<String> prePostImageNamespaces = ConcurrentHashMap.newKeySet();

  /** The changes of a transaction being committed on this thread, appended together at the end. */
  private final ThreadLocal<List<ChangePayload>> transactionChanges = new ThreadLocal<>();

  ChangeRecorder(ChangeLog log) {
    this.log = log;
  }

  ChangeLog log() {
    return log;
  }

  CollectionCatalog catalog() {
    return catalog;
  }

  /** Turns on recording of pre- and post-images ({@code changeStreamPreAndPostImages}). */
  void setPrePostImages(String db, String coll, boolean enabled) {
    if (enabled) {
      prePostImageNamespaces.add(db + "." + coll);
    } else {
      prePostImageNamespaces.remove(db + "." + coll);
    }
  }

  /**
   * Runs a transaction's writes and records all their changes as one commit: at one cluster time,
   * each with its index in the transaction. The changes made before a write that fails are still
   * recorded (the writes are applied one by one, see the README's differences).
   */
  void recordTransaction(TransactionId transaction, Runnable writes) {
    List<ChangePayload> changes = new ArrayList<>();
    transactionChanges.set(changes);
    try {
      writes.run();
    } finally {
      transactionChanges.remove();
      log.appendTransaction(changes, transaction);
    }
  }

  boolean recordsPrePostImages(String db, String coll) {
    return prePostImageNamespaces.contains(db + "." + coll);
  }

  boolean isRecorded(String db, String coll) {
    return !INTERNAL_DATABASES.contains(db)
        && (coll == null || (!coll.startsWith("system.") && catalog.timeseries(db, coll) == null));
  }

  void insert(String db, String coll, Document document) {
    if (!isRecorded(db, coll)) {
      return;
    }
    Document copy = document.cloneDeeply();
    append(ChangeKind.INSERT, db, coll, null, null, copy.get("_id"), copy, null, null);
  }

  void update(String db, String coll, Document before, Document after, boolean replacement) {
    if (!isRecorded(db, coll)) {
      return;
    }
    boolean images = recordsPrePostImages(db, coll);
    Document preImage = images ? before.cloneDeeply() : null;
    if (replacement) {
      append(
          ChangeKind.REPLACE,
          db,
          coll,
          null,
          null,
          after.get("_id"),
          after.cloneDeeply(),
          preImage,
          null);
    } else {
      Document postImage = images ? after.cloneDeeply() : null;
      Document description = UpdateDescriptionDiff.between(before, after).cloneDeeply();
      append(
          ChangeKind.UPDATE,
          db,
          coll,
          null,
          null,
          after.get("_id"),
          postImage,
          preImage,
          description);
    }
  }

  void delete(String db, String coll, Document document) {
    if (!isRecorded(db, coll)) {
      return;
    }
    Document preImage = recordsPrePostImages(db, coll) ? document.cloneDeeply() : null;
    append(ChangeKind.DELETE, db, coll, null, null, document.get("_id"), null, preImage, null);
  }

  void drop(String db, String coll) {
    if (isRecorded(db, coll)) {
      prePostImageNamespaces.remove(db + "." + coll);
      append(ChangeKind.DROP, db, coll, null, null, null, null, null, null);
    }
    catalog.dropped(db, coll);
  }

  void rename(String db, String coll, String toDb, String toColl) {
    prePostImageNamespaces.remove(toDb + "." + toColl);
    if (isRecorded(db, coll)) {
      if (prePostImageNamespaces.remove(db + "." + coll)) {
        prePostImageNamespaces.add(toDb + "." + toColl);
      }
      // Recorded before the catalog moves the UUID: the event carries the source's.
      append(ChangeKind.RENAME, db, coll, toDb, toColl, null, null, null, null);
    }
    catalog.renamed(db, coll, toDb, toColl);
  }

  void dropDatabase(String db) {
    if (isRecorded(db, null)) {
      append(ChangeKind.DROP_DATABASE, db, null, null, null, null, null, null, null);
    }
    catalog.droppedDatabase(db);
  }

  private void append(
      ChangeKind kind,
      String db,
      String coll,
      String toDb,
      String toColl,
      Object documentId,
      Document fullDocument,
      Document preImage,
      Document updateDescription) {
    int size =
        200
            + BsonSize.of(fullDocument)
            + BsonSize.of(preImage)
            + BsonSize.of(updateDescription)
            + (documentId == null ? 0 : BsonSize.of(new Document("_id", documentId)));
    ChangePayload payload =
        new ChangePayload(
            kind,
            db,
            coll,
            toDb,
            toColl,
            documentId,
            fullDocument,
            preImage,
            updateDescription,
            size,
            coll == null ? null : catalog.uuid(db, coll));
    List<ChangePayload> transaction = transactionChanges.get();
    if (transaction != null) {
      transaction.add(payload);
    } else {
      log.append(payload);
    }
  }
}
