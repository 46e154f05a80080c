package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.exception.ImmutableFieldException;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.Objects;

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
    if (isReplacement(updateQuery) && hasDottedField(updateQuery)) {
      return replaceWithDottedFields(selector, updateQuery, isUpsert);
    }
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
    if (update instanceof Document replacement
        && isReplacement(replacement)
        && hasDottedField(replacement)) {
      return findAndReplaceWithDottedFields(query, replacement);
    }
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

  /**
   * A replacement with dotted top-level field names, which MongoDB accepts since 5.0 and
   * mongo-java-server refuses: the stored document is swapped for the replacement and the change
   * recorded as a {@code replace}.
   */
  private Document replaceWithDottedFields(
      Document selector, Document replacement, boolean isUpsert) {
    Document stored = null;
    for (Document match : handleQuery(selector, 0, 1)) {
      stored = match;
    }
    Document result = new Document("n", 0).append("nModified", 0);
    if (stored == null) {
      if (!isUpsert) {
        return result;
      }
      Document inserted = new Document();
      Object id = replacement.get("_id");
      if (id == null && !(selector.get("_id") instanceof Document)) {
        id = selector.get("_id");
      }
      inserted.put("_id", id != null ? id : new ObjectId());
      replacement.forEach(inserted::putIfAbsent);
      addDocument(inserted);
      return result.append("n", 1).append("upserted", inserted.get("_id"));
    }
    Document before = stored.cloneDeeply();
    Object id = before.get("_id");
    if (replacement.containsKey("_id") && !Objects.equals(replacement.get("_id"), id)) {
      throw new ImmutableFieldException(
          "After applying the update, the (immutable) field '_id' was found to have been altered to"
              + " _id: "
              + replacement.get("_id"));
    }
    Document after = new Document("_id", id);
    replacement.forEach(after::putIfAbsent);
    if (after.equals(before)) {
      return result.append("n", 1);
    }
    super.removeDocument(stored);
    try {
      super.addDocument(after);
    } catch (RuntimeException e) {
      super.addDocument(before);
      throw e;
    }
    recorder.update(getDatabaseName(), getCollectionName(), before, after, true);
    return result.append("n", 1).append("nModified", 1);
  }

  /** {@code findAndModify} with such a replacement ({@code fields} projections are not applied). */
  private Document findAndReplaceWithDottedFields(Document query, Document replacement) {
    Document filter = (Document) query.getOrDefault("query", new Document());
    Document selector = new Document("$query", filter);
    if (query.get("sort") instanceof Document sort) {
      selector.append("$orderby", sort);
    }
    Document before = null;
    for (Document match : handleQuery(selector, 0, 1)) {
      before = match.cloneDeeply();
    }
    Document target = before != null ? new Document("_id", before.get("_id")) : filter;
    Document written =
        replaceWithDottedFields(target, replacement, Utils.isTrue(query.get("upsert")));
    Document lastError = new Document("n", written.get("n"));
    Object id = before != null ? before.get("_id") : written.get("upserted");
    lastError.append("updatedExisting", before != null);
    if (before == null && id != null) {
      lastError.append("upserted", id);
    }
    Document value = before;
    if (Utils.isTrue(query.get("new")) && id != null) {
      value = null;
      for (Document stored : handleQuery(new Document("_id", id), 0, 1)) {
        value = stored.cloneDeeply();
      }
    }
    return new Document("lastErrorObject", lastError).append("value", value).append("ok", 1.0);
  }

  private static boolean hasDottedField(Document document) {
    return document.keySet().stream().anyMatch(key -> key.contains("."));
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
