package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;

/**
 * The remaining documents of a {@code find} or {@code aggregate} result, handed out in batches of
 * at most the requested count and at most 16 MiB (always at least one document), as MongoDB pages
 * query results.
 */
final class ResultCursor implements ServerCursor {
  private final long id;
  private final String namespace;
  private List<Document> documents;
  private int next;
  private volatile long lastUsedMillis = System.currentTimeMillis();

  ResultCursor(long id, String namespace, List<Document> documents) {
    this.id = id;
    this.namespace = namespace;
    this.documents = documents;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public synchronized boolean isClosed() {
    return next >= documents.size();
  }

  @Override
  public long lastUsedMillis() {
    return lastUsedMillis;
  }

  /**
   * Replaces the documents not yet returned by private copies: the backend hands out its stored
   * documents, which later writes change in place.
   */
  synchronized void detachRemaining() {
    List<Document> copies = new ArrayList<>(documents.size() - next);
    for (int i = next; i < documents.size(); i++) {
      copies.add(documents.get(i).cloneDeeply());
    }
    documents = copies;
    next = 0;
  }

  @Override
  public synchronized Document nextBatch(String batchField, int batchSize, long awaitMillis) {
    lastUsedMillis = System.currentTimeMillis();
    int limit = batchSize <= 0 ? Integer.MAX_VALUE : batchSize;
    // Each document is encoded once: for its size here, and the reply writes those bytes.
    EncodedBatch batch = new EncodedBatch();
    long bytes = 0;
    while (next < documents.size() && batch.size() < limit) {
      Document document = documents.get(next);
      int size = batch.encode(document);
      if (!batch.isEmpty() && bytes + size > BsonSize.MAX_BATCH_BYTES) {
        break;
      }
      batch.addEncoded(document);
      bytes += size;
      next++;
    }
    return new Document()
        .append("id", isClosed() ? 0L : id)
        .append("ns", namespace)
        .append(batchField, batch);
  }
}
