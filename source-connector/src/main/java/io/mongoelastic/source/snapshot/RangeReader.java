package io.mongoelastic.source.snapshot;

import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.ReadConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Sorts;
import io.mongoelastic.source.record.MappedDocument;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * Reads one {@link IdRange} of a collection in {@code _id} order, bracket by bracket (see {@link
 * IdBracket}), continuing after the last {@code _id} returned. Each bracket of the range is one
 * {@code _id}-sorted query whose cursor is consumed {@code fetchSize} documents per call, so a
 * caller holds one server batch at a time; a cursor the server dropped (idle for too long while the
 * worker was backpressured) is replaced by a new query after the last {@code _id} returned.
 * Construct it with the last {@code _id} a previous run committed to resume there. Queries read
 * majority-committed data at or after the snapshot's start point (see {@link SnapshotReadSession}).
 * Not thread-safe: one thread reads (see {@link BatchPrefetcher}).
 *
 * <p>{@link #nextChunk} bounds when a chunk's documents were read: not before the query that
 * returned them was sent (a server may read a whole query's result up front, MongoDB reads each
 * batch when asked), not after the batch's reply. A query older than 30 s is replaced by one after
 * the last {@code _id} at the next chunk, so the bound stays recent.
 *
 * <p>One query per bracket rather than one per chunk: with an index on {@code _id} both cost the
 * same on MongoDB, but a server without one (or a test server that sorts in memory) would sort the
 * rest of the collection again for every chunk.
 */
public final class RangeReader implements AutoCloseable {
  private static final long QUERY_MAX_AGE_MS = 30_000;
  private final MongoCollection<MappedDocument> collection;
  private final SnapshotReadSession session;
  private final IdRange range;
  private final int fetchSize;
  private final List<IdBracket> brackets;
  private int bracketIndex;
  private BsonValue lastId;
  private MongoCursor<MappedDocument> cursor;
  // The session's operation time when the current query was sent, and when that was (wall clock).
  private BsonTimestamp cursorOpenedAt;
  private long cursorOpenedMs;
  // The earliest query time the documents of the batch being read can come from.
  private BsonTimestamp batchReadAfter;

  /**
   * @param client the client whose sessions the reads use
   * @param startAt the time the snapshot's reads are causally after ({@link
   *     SnapshotPlan#readAfter}): they see at least every write made before it
   */
  public RangeReader(
      MongoClient client,
      MongoCollection<MappedDocument> collection,
      IdRange range,
      BsonValue resumeAfter,
      int fetchSize,
      BsonTimestamp startAt) {
    this.session = new SnapshotReadSession(client, startAt);
    this.collection = collection.withReadConcern(ReadConcern.MAJORITY);
    this.range = range;
    this.fetchSize = fetchSize;
    this.brackets = range.brackets();
    this.lastId = resumeAfter;
    if (resumeAfter != null) {
      this.bracketIndex = Math.max(0, brackets.indexOf(IdBracket.of(resumeAfter)));
    }
  }

  /**
   * The next documents in {@code _id} order (at most the fetch size) with the times bounding their
   * read; {@link Chunk#END} once exhausted.
   */
  public Chunk nextChunk() {
    batchReadAfter = cursor != null ? cursorOpenedAt : null;
    List<MappedDocument> batch = nextBatch();
    return batch.isEmpty() ? Chunk.END : new Chunk(batch, batchReadAfter, operationTime());
  }

  private BsonTimestamp operationTime() {
    return session.get().getOperationTime();
  }

  /** The next documents in {@code _id} order (at most the fetch size); empty once exhausted. */
  List<MappedDocument> nextBatch() {
    while (bracketIndex < brackets.size()) {
      if (cursor == null && !open()) {
        bracketIndex++;
        continue;
      }
      List<MappedDocument> batch = new ArrayList<>(Math.min(fetchSize, 1024));
      try {
        while (batch.size() < fetchSize && cursor.hasNext()) {
          batch.add(cursor.next());
        }
        if (batch.size() < fetchSize) {
          // The query returned everything: this bracket is done.
          closeCursor();
          bracketIndex++;
        } else if (System.currentTimeMillis() - cursorOpenedMs > QUERY_MAX_AGE_MS
            && brackets.get(bracketIndex).paged()) {
          // A new query after the last _id: keeps the read time of later chunks recent.
          closeCursor();
        }
      } catch (MongoCursorNotFoundException e) {
        // Dropped by the server: the next query continues after the last _id returned.
        closeCursor();
      } catch (RuntimeException e) {
        // The next call queries again after the last _id returned, in a new session; this partial
        // batch is re-read.
        closeCursor();
        session.close();
        throw e;
      }
      if (!batch.isEmpty()) {
        lastId = batch.get(batch.size() - 1).id();
        return batch;
      }
    }
    return List.of();
  }

  /** Opens the query of the current bracket; false when the bracket has nothing left to read. */
  private boolean open() {
    cursorOpenedAt = operationTime();
    cursorOpenedMs = System.currentTimeMillis();
    if (batchReadAfter == null) {
      batchReadAfter = cursorOpenedAt;
    }
    IdBracket bracket = brackets.get(bracketIndex);
    BsonValue after = lastId != null && IdBracket.of(lastId) == bracket ? lastId : null;
    if (bracket == IdBracket.OTHER) {
      // Unsorted, so no position inside it: opened again (after an error, a dropped cursor or a
      // restart inside it) it is read whole. Repeated documents are harmless; skipped ones are not.
      cursor =
          collection
              .find(session.get(), range.filter(bracket, null))
              .batchSize(fetchSize)
              .iterator();
      return true;
    }
    cursor =
        collection
            .find(session.get(), range.filter(bracket, after))
            .sort(Sorts.ascending("_id"))
            .batchSize(fetchSize)
            .iterator();
    return true;
  }

  public boolean exhausted() {
    return bracketIndex >= brackets.size();
  }

  /** Releases the cursor and the session. */
  @Override
  public void close() {
    closeCursor();
    session.close();
  }

  private void closeCursor() {
    if (cursor != null) {
      MongoCursor<MappedDocument> open = cursor;
      cursor = null;
      open.close();
    }
  }
}
