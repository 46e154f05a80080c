package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;

/** A cursor this server pages itself: change streams and ordinary query results. */
interface ServerCursor {
  long id();

  String namespace();

  /**
   * The next batch as a {@code cursor} sub-document ({@code id}, {@code ns}, the batch under {@code
   * batchField}, and for change streams {@code postBatchResumeToken}).
   *
   * @param batchSize at most this many documents; 0 means no count limit (only the size limit)
   * @param awaitMillis how long a tailable cursor may wait for data when it has none
   */
  Document nextBatch(String batchField, int batchSize, long awaitMillis);

  /** Whether the cursor is exhausted (its last reply carried cursor id 0). */
  boolean isClosed();

  /** Milliseconds-since-epoch of the last use, for the idle timeout. */
  long lastUsedMillis();
}
