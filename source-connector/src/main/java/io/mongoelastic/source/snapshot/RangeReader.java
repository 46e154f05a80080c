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
 * <p>One query per bracket rather than one per chunk: with an index on {@code _id} both cost the
 * same on MongoDB, but a server without one (or a test server that sorts in memory) would sort the
 * rest of the collection again for every chunk.
 */
public final class RangeReader implements AutoCloseable {
  private final MongoCollection<MappedDocument> collection;
  private final SnapshotReadSession session;
  private final IdRange range;
  private final int fetchSize;
  private final List<IdBracket> brackets;
  private int bracketIndex;
  private BsonValue lastId;
  private MongoCursor<MappedDocument> cursor;
  // Operation time when the previous batch began: a document of this batch may come from a reply
  // received then (the cursor keeps what the caller has not taken yet).
  private BsonTimestamp previousStart;

  /**
   * @param client the client whose sessions the reads use
   * @param startAt the snapshot's start point: reads see at least every write made before it
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
    BsonTimestamp start = operationTime();
    BsonTimestamp readAfter = previousStart == null ? start : previousStart;
    previousStart = start;
    List<MappedDocument> batch = nextBatch();
    return batch.isEmpty() ? Chunk.END : new Chunk(batch, readAfter, operationTime());
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
        }
      } catch (MongoCursorNotFoundException e) {
        // Dropped by the server: the next query continues after the last _id returned.
        closeCursor();
      } catch (RuntimeException e) {
        // The next call queries again after the last _id returned, in a new session; this partial
        // batch is re-read.
        closeCursor();
        session.close();
        previousStart = null;
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
    IdBracket bracket = brackets.get(bracketIndex);
    BsonValue after = lastId != null && IdBracket.of(lastId) == bracket ? lastId : null;
    if (bracket == IdBracket.OTHER) {
      if (after != null) {
        return false;
      }
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
