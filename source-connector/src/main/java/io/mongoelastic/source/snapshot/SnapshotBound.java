package io.mongoelastic.source.snapshot;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoServerException;
import com.mongodb.ReadConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.mongoelastic.source.retry.MongoErrorClassifier;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * Where a snapshot stops reading: the collection's highest {@code _id} (in MongoDB's sort order)
 * read after the snapshot's start point, or no id at all when the collection was empty then. The
 * last range is read up to it inclusively ({@link #limit}); the ids above it belong to no range's
 * read, only to the last range's stream.
 *
 * <p>Without it the last range had no upper end, and every document inserted while the snapshot
 * read was read too when its id sorted last (every ObjectId insert does): a snapshot read more
 * slowly than the collection grew never ended. Nothing is lost by stopping at it, because the range
 * streams open at the start point, before it is read, and it is read causally after both the start
 * point's operation time and its resume token's time (the streams resume from the token):
 *
 * <ul>
 *   <li>a document that existed at the start point and still exists when the bound is read has an
 *       id at or below it (the read is causally after the start point), so the snapshot reads it;
 *   <li>one that existed at the start point and was deleted before the bound was read (it may have
 *       been above it) has its delete in the stream after the start point;
 *   <li>one inserted after the start point is in the stream: above the bound the stream alone sends
 *       it (no row of it is ever read, so nothing holds or drops its events); at or below it the
 *       read may meet it too, and the watermarks order row and events as for any changed document.
 * </ul>
 *
 * <p>Ids of the unordered {@link IdBracket#OTHER} bracket (JavaScript code, DBPointer, symbols and
 * the other deprecated types) and {@code MaxKey} bound nothing a filter can express: the bound is
 * the highest id of the other brackets, and the last range reads those two brackets whole, whatever
 * the bound ({@link IdRange#brackets}); a document inserted into them after the start point may be
 * read and streamed, ordered by the watermarks as any changed document. Only a collection holding
 * ids of those brackets alone has no bound: its last range is read open-ended, as are the plans of
 * earlier builds, which stored no bound.
 *
 * @param highestId the highest {@code _id}, or null when the collection was empty
 */
public record SnapshotBound(BsonValue highestId) {
  private static final int MAX_TIME_MS_EXPIRED = 50;

  /** A collection that held no document when the snapshot began: its snapshot reads nothing. */
  public static final SnapshotBound EMPTY = new SnapshotBound(null);

  /**
   * How long the server may take to read the bound. A majority read after a cluster time waits for
   * the majority commit point to reach it: with a majority of members down or lagging that wait has
   * no end, and the bound is read while Connect plans the tasks, which would wait with it. Long
   * enough for an election or a short lag, short enough that Connect retries the planning in time.
   */
  static final long MAX_TIME_MS = 60_000;

  /**
   * Reads the bound of a snapshot whose reads are causally after {@code readAfter} ({@link
   * io.mongoelastic.source.stream.StartPoint#readAfter}): in a session causally after it, with
   * majority read concern, so a lagging member still shows every document written before it.
   * Returns null when no id bound can limit the read (see the class comment). Running out of {@link
   * #MAX_TIME_MS} is thrown as a {@link MongoExecutionTimeoutException} naming the collection: the
   * snapshot's readers retry it (a majority that comes back ends the wait), and planning fails with
   * that message, which Connect retries. Other server errors the readers would not retry are thrown
   * as a {@link ConnectException} naming the collection; the rest (a network error, an election) as
   * the driver reports them, so that whoever reads retries them.
   */
  public static SnapshotBound read(
      MongoClient client, MongoCollection<BsonDocument> collection, BsonTimestamp readAfter) {
    try (SnapshotReadSession session = new SnapshotReadSession(client, readAfter)) {
      MongoCollection<BsonDocument> majority = collection.withReadConcern(ReadConcern.MAJORITY);
      BsonValue highest = highestId(majority, session, new BsonDocument());
      if (highest == null || bounds(highest)) {
        return of(highest);
      }
      // A MaxKey or unfilterable id cannot bound: bound by the highest ordered id instead (the last
      // range reads those brackets whole). Only unbounded when there is none.
      BsonArray ordered = new BsonArray();
      for (IdBracket bracket : IdBracket.values()) {
        if (bounds(bracket)) {
          bracket.typeAliases().forEach(alias -> ordered.add(new BsonString(alias)));
        }
      }
      BsonValue highestOrdered =
          highestId(majority, session, new BsonDocument("_id", new BsonDocument("$type", ordered)));
      return highestOrdered == null ? null : of(highestOrdered);
    } catch (MongoServerException | MongoExecutionTimeoutException e) {
      String what =
          "Cannot read the highest _id of "
              + collection.getNamespace().getFullName()
              + " (the snapshot's bound; majority read concern, at most "
              + MAX_TIME_MS
              + " ms): "
              + e.getMessage();
      if (e.getCode() == MAX_TIME_MS_EXPIRED) {
        // Retried like any snapshot read, so a task re-snapshotting waits out a stalled majority
        // instead of failing; the message still names the collection and the remedy.
        throw new MongoExecutionTimeoutException(
            MAX_TIME_MS_EXPIRED,
            what + "; a majority of the replica set's members must be up and replicating");
      }
      if (MongoErrorClassifier.isTransient(e, Read.SNAPSHOT)) {
        throw e;
      }
      throw new ConnectException(what, e);
    }
  }

  private static BsonValue highestId(
      MongoCollection<BsonDocument> collection, SnapshotReadSession session, BsonDocument filter) {
    BsonDocument highest =
        collection
            .find(session.get(), filter)
            .sort(Sorts.descending("_id"))
            .projection(Projections.include("_id"))
            .limit(1)
            .maxTime(MAX_TIME_MS, TimeUnit.MILLISECONDS)
            .first();
    return highest == null ? null : highest.get("_id");
  }

  /** Whether ids of {@code bracket} can bound a read: ordered, and not the single MaxKey. */
  private static boolean bounds(IdBracket bracket) {
    return bracket != IdBracket.OTHER && bracket != IdBracket.MAX_KEY;
  }

  private static boolean bounds(BsonValue id) {
    return bounds(IdBracket.of(id));
  }

  /** The bound for a collection whose highest id is {@code highestId} (null: empty). */
  public static SnapshotBound of(BsonValue highestId) {
    if (highestId == null) {
      return EMPTY;
    }
    return bounds(highestId) ? new SnapshotBound(highestId) : null;
  }

  /** The part of the snapshot's last range that is read. */
  public IdRange limit(IdRange last) {
    return highestId == null ? IdRange.NONE : last.through(highestId);
  }

  /** As stored in offsets and task configs: the highest id, none when the collection was empty. */
  public List<BsonValue> ids() {
    return highestId == null ? List.of() : List.of(highestId);
  }

  /** The bound stored as {@link #ids()}. */
  public static SnapshotBound ofIds(List<BsonValue> ids) {
    return ids.isEmpty() ? EMPTY : new SnapshotBound(ids.get(0));
  }
}
