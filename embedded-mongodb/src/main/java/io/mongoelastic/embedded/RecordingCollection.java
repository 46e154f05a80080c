package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * A memory collection that reports every stored change to the {@link ChangeRecorder}, with the
 * document before and after, while it still holds its lock (so events of one document are recorded
 * in the order they were applied). Whether an update replaced the document is taken from the update
 * that is being applied.
 */
final class RecordingCollection extends MemoryCollection {
  private final ChangeRecorder recorder;
  private final ThreadLocal<Boolean> replacing = ThreadLocal.withInitial(() -> Boolean.FALSE);

  RecordingCollection(
      MongoDatabase database,
      String collectionName,
      CollectionOptions options,
      CursorRegistry cursorRegistry,
      ChangeRecorder recorder) {
    super(database, collectionName, options, cursorRegistry);
    this.recorder = recorder;
  }

  @Override
  public synchronized void addDocument(Document document) {
    super.addDocument(document);
    recorder.insert(getDatabaseName(), getCollectionName(), document);
  }

  @Override
  public synchronized void removeDocument(Document document) {
    super.removeDocument(document);
    recorder.delete(getDatabaseName(), getCollectionName(), document);
  }

  @Override
  public synchronized Document updateDocuments(
      Document selector,
      Document updateQuery,
      ArrayFilters arrayFilters,
      boolean isMulti,
      boolean isUpsert,
      Oplog oplog) {
    replacing.set(isReplacement(updateQuery));
    try {
      return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
    } finally {
      replacing.remove();
    }
  }

  @Override
  public synchronized Document findAndModify(Document query) {
    Object update = query.get("update");
    replacing.set(update instanceof Document document && isReplacement(document));
    try {
      return super.findAndModify(query);
    } finally {
      replacing.remove();
    }
  }

  @Override
  protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
    super.handleUpdate(position, oldDocument, newDocument);
    recorder.update(
        getDatabaseName(), getCollectionName(), oldDocument, newDocument, replacing.get());
  }

  private static boolean isReplacement(Document update) {
    for (String key : update.keySet()) {
      if (key.startsWith("$")) {
        return false;
      }
    }
    return true;
  }
}
