package io.mongoelastic.source.stream;

import com.mongodb.MongoException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change stream of one collection or database ({@link WatchScope}). Returns events in batches,
 * keeps the latest resume token (the post-batch token when the server sends one, so quiet
 * collections advance too), and after an invalidate (drop, rename) reopens with {@code startAfter}
 * the invalidate token instead of retrying a dead cursor.
 *
 * <p>High-water marks. A post-batch resume token is either the token of the last event the server
 * returned (when its oplog scan got no further), the token the cursor opened at, or a high-water
 * mark: a token that names no event and that MongoDB resumes from whatever the stream's filter (its
 * check that the resumed event is present runs only for event tokens). {@link #atHighWaterMark()}
 * tells which, without decoding the opaque token: a post-batch token equal to neither of the first
 * two is a high-water mark.
 */
public final class ChangeStreamReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeStreamReader.class);

  private final WatchScope scope;
  private final List<BsonDocument> pipeline;
  private final FullDocument fullDocument;
  private final Duration maxAwait;
  private final int batchSize;
  private final SourceTaskMetrics metrics;
  private MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> cursor;
  private StreamPosition position;
  private boolean highWaterMark;
  // The token the open cursor started from and the token of its last event: a post-batch token
  // equal to either names an event (see the class comment).
  private BsonDocument openedAt;
  private BsonDocument lastEvent;

  public ChangeStreamReader(
      WatchScope scope,
      List<BsonDocument> pipeline,
      FullDocument fullDocument,
      Duration maxAwait,
      int batchSize,
      StreamPosition position,
      SourceTaskMetrics metrics) {
    this.scope = scope;
    this.metrics = metrics;
    this.pipeline = pipeline;
    this.fullDocument = fullDocument;
    this.maxAwait = maxAwait;
    this.batchSize = batchSize;
    this.position = position;
  }

  /**
   * Up to {@code max} events of the server's current batch; empty when none arrived within the
   * server's await time. At most one {@code getMore} per call: asking for the next batch as soon as
   * one is drained would keep a busy stream inside this call until {@code max} events came in, and
   * hold the first of them back for as long (seconds at a steady 1,000 changes/s). Batches still
   * grow with the load, because the server returns everything that arrived since the last call. An
   * invalidate event is returned (so its token can be stored) and the stream reopens after it.
   *
   * <p>An error after some events were taken returns those events (the position is the last of
   * them) and closes the cursor; the next call reopens after them. An error before any event closes
   * the cursor and is thrown, the position unchanged, so a retry reopens from it.
   *
   * @throws HistoryLostException when the position is no longer in the oplog
   */
  public List<ChangeStreamDocument<BsonDocument>> poll(int max) {
    List<ChangeStreamDocument<BsonDocument>> events = new ArrayList<>();
    try {
      if (cursor == null) {
        cursor = open();
      }
      while (events.size() < max && (events.isEmpty() || cursor.available() > 0)) {
        ChangeStreamDocument<BsonDocument> event = cursor.tryNext();
        if (event == null) {
          break;
        }
        events.add(event);
        if (event.getOperationType() == OperationType.INVALIDATE) {
          LOG.info(
              "Change stream of {} was invalidated (its collection dropped or renamed, or its"
                  + " database dropped); reopening after the invalidate event",
              scope.name());
          position = StreamPosition.after(event.getResumeToken(), true);
          highWaterMark = false;
          closeCursor();
          break;
        }
        position = StreamPosition.after(event.getResumeToken(), false);
        highWaterMark = false;
        lastEvent = event.getResumeToken();
      }
      takePostBatchToken(events.isEmpty());
      return events;
    } catch (RuntimeException e) {
      closeCursor();
      if (!events.isEmpty()) {
        // position is the last event returned: the next call reopens after it, and meets the
        // error again if it lasts. Dropping the events here would skip them for good.
        LOG.debug(
            "Change stream of {} failed after {} event(s); returning them and reopening",
            scope.name(),
            events.size(),
            e);
        return events;
      }
      if (e instanceof MongoException && HistoryLost.is(e)) {
        throw new HistoryLostException(scope.name(), e);
      }
      throw e;
    }
  }

  /**
   * After an empty batch, the post-batch token is the position; after events, only when the batch
   * is drained and the token is a high-water mark past them.
   */
  private void takePostBatchToken(boolean noEvents) {
    if (cursor == null || !(noEvents || cursor.available() == 0)) {
      return;
    }
    BsonDocument token = cursor.getResumeToken();
    if (token == null || token.equals(position.token())) {
      return;
    }
    boolean mark = !token.equals(openedAt) && !token.equals(lastEvent);
    if (noEvents || mark) {
      position = StreamPosition.after(token, false);
      highWaterMark = mark;
    }
  }

  /** The position a restart would resume from after everything returned so far. */
  public StreamPosition position() {
    return position;
  }

  /**
   * Whether {@link #position()} is a high-water mark the server reported: a position that resumes a
   * stream with any filter, so any collection of the stream may store it.
   */
  public boolean atHighWaterMark() {
    return highWaterMark;
  }

  private MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> open() {
    ChangeStreamIterable<BsonDocument> stream =
        scope
            .watch(pipeline)
            .fullDocument(fullDocument)
            .maxAwaitTime(maxAwait.toMillis(), TimeUnit.MILLISECONDS)
            .batchSize(batchSize);
    MongoChangeStreamCursor<ChangeStreamDocument<BsonDocument>> opened =
        position.applyTo(stream).cursor();
    openedAt = position.token();
    lastEvent = null;
    metrics.changeStreamOpened();
    return opened;
  }

  private void closeCursor() {
    if (cursor != null) {
      metrics.changeStreamClosed();
      try {
        cursor.close();
      } catch (RuntimeException e) {
        LOG.debug("Closing the change stream of {} failed", scope.name(), e);
      }
      cursor = null;
    }
  }

  @Override
  public void close() {
    closeCursor();
  }
}
