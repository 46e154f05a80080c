package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;

/**
 * The oplog hook mongo-java-server calls. Document changes are recorded by the collections
 * themselves (which see the documents before and after); this hook only records collection drops.
 * Change streams are served by {@link ChangeStreamCursor}, never through {@link #createCursor}.
 */
final class DropRecordingOplog implements Oplog {
  private final ChangeRecorder recorder;

  DropRecordingOplog(ChangeRecorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public void handleInsert(String namespace, List<Document> documents) {}

  @Override
  public void handleUpdate(
      String namespace, Document selector, Document query, List<Object> modifiedIds) {}

  @Override
  public void handleDelete(String namespace, Document query, List<Object> deletedIds) {}

  @Override
  public void handleDropCollection(String namespace) {
    recorder.drop(
        Utils.getDatabaseNameFromFullName(namespace),
        Utils.getCollectionNameFromFullName(namespace));
  }

  @Override
  public Cursor createCursor(Document changeStreamDocument, String namespace, Aggregation agg) {
    throw new MongoServerException("change streams are served by the replica-set backend");
  }
}
