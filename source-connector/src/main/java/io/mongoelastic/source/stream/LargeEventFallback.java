package io.mongoelastic.source.stream;

import com.mongodb.MongoException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads a change event too large to read whole (BSONObjectTooLarge, 10334) where the server cannot
 * split it, or too large to split (a single field over a fragment's size, 7182500): reopens the
 * stream from the same position with a pipeline that keeps only the event's identifying fields,
 * reads that one event, and fetches its document by {@code _id}. The result is the event as it
 * would have been with its document's <em>current</em> state (a delete when the document is gone),
 * resuming after the event's own token.
 *
 * <p>A later state is safe to send early: the changes after it arrive as their own events, with
 * higher source versions, and rewrite the same state. The record carries the large event's cluster
 * time, older than the state it holds, until those events arrive.
 */
public final class LargeEventFallback {
  /** BSONObjectTooLarge: an event over 16 MiB cannot be returned. */
  public static final int BSON_OBJECT_TOO_LARGE = 10334;

  private final MongoClient client;
  private final WatchScope scope;
  private final List<BsonDocument> userStages;
  private final FullDocument fullDocument;
  private final Duration wait;

  public LargeEventFallback(
      MongoClient client,
      MongoCollection<BsonDocument> collection,
      List<BsonDocument> userStages,
      FullDocument fullDocument,
      Duration wait) {
    this(client, WatchScope.of(collection), userStages, fullDocument, wait);
  }

  public LargeEventFallback(
      MongoClient client,
      WatchScope scope,
      List<BsonDocument> userStages,
      FullDocument fullDocument,
      Duration wait) {
    this.client = client;
    this.scope = scope;
    this.userStages = userStages;
    this.fullDocument = fullDocument;
    this.wait = wait;
  }

  /**
   * With the split stage: one top-level field of the event is too large for a fragment, so the
   * event cannot be split either.
   */
  public static final int FIELD_TOO_LARGE_TO_SPLIT = 7182500;

  /** Whether an error is an event over MongoDB's document size limit that cannot be split. */
  public static boolean isTooLarge(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof MongoException e
          && (e.getCode() == BSON_OBJECT_TOO_LARGE || e.getCode() == FIELD_TOO_LARGE_TO_SPLIT)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first event after {@code position}, with the current state of its document, or null when no
   * event arrived within the wait.
   */
  public ChangeStreamDocument<BsonDocument> readNext(StreamPosition position) {
    // The same fullDocument mode as the normal stream: the user's stages may match on it; the
    // projection then drops it before the event is returned.
    ChangeStreamIterable<BsonDocument> stream =
        scope
            .watch(StreamPipeline.identifyingOnly(userStages))
            .fullDocument(fullDocument)
            .batchSize(1)
            .maxAwaitTime(Math.max(1, wait.toMillis() / 4), TimeUnit.MILLISECONDS);
    stream = position.applyTo(stream);
    ChangeStreamDocument<BsonDocument> event = null;
    long deadline = System.nanoTime() + wait.toNanos();
    try (MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor = stream.cursor()) {
      while (event == null && System.nanoTime() < deadline) {
        event = cursor.tryNext();
      }
    } catch (MongoException e) {
      // The position can fall out of the oplog here as well as in the normal stream.
      if (HistoryLost.is(e)) {
        throw new HistoryLostException(scope.name(), e);
      }
      throw e;
    }
    return event == null ? null : withCurrentDocument(event);
  }

  private ChangeStreamDocument<BsonDocument> withCurrentDocument(
      ChangeStreamDocument<BsonDocument> event) {
    OperationType type = event.getOperationType();
    boolean carriesDocument =
        type == OperationType.INSERT
            || type == OperationType.UPDATE
            || type == OperationType.REPLACE;
    BsonValue id = event.getDocumentKey() == null ? null : event.getDocumentKey().get("_id");
    if (!carriesDocument || id == null) {
      return event;
    }
    BsonDocument current =
        new CurrentDocumentReader(client, scope.collectionOf(event.getNamespace()))
            .read(id, event.getClusterTime());
    return new ChangeStreamDocument<>(
        current == null ? OperationType.DELETE.getValue() : event.getOperationTypeString(),
        event.getResumeToken(),
        event.getNamespaceDocument(),
        event.getNamespaceTypeString(),
        event.getDestinationNamespaceDocument(),
        current,
        null,
        event.getDocumentKey(),
        event.getClusterTime(),
        null,
        event.getTxnNumber(),
        event.getLsid(),
        event.getWallTime(),
        null,
        event.getExtraElements());
  }
}
