package io.mongoelastic.source.stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A change stream (of a collection or a database, see {@link WatchScope}) as whole events, whatever
 * their size. With {@code split}, the stream carries {@code $changeStreamSplitLargeEvent} and
 * fragments are reassembled ({@link SplitEventAssembler}); an event too large to read
 * (BSONObjectTooLarge) is read again through {@link LargeEventFallback} and the stream continues
 * after it.
 *
 * <p>Both paths restart from the caller's stored position ({@code stored}: after the last event the
 * caller turned into a record), never from a fragment: the caller must store no newer position
 * while {@link #midEvent()}.
 */
public final class WholeEventReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WholeEventReader.class);

  private final MongoClient client;
  private final WatchScope scope;
  private final List<BsonDocument> userStages;
  private final FullDocument fullDocument;
  private final Duration maxAwait;
  private final int batchSize;
  private final boolean split;
  private final Supplier<StreamPosition> stored;
  private final SourceTaskMetrics metrics;
  private final SplitEventAssembler fragments = new SplitEventAssembler();
  private ChangeStreamReader reader;
  // Set when the stored position turned out to be a fragment token (see poll).
  private boolean forceSplit;
  // Whether the last poll reopened at the stored position (see reopenedAtStored).
  private boolean reopenedAtStored;

  public WholeEventReader(
      MongoClient client,
      MongoCollection<BsonDocument> collection,
      List<BsonDocument> userStages,
      FullDocument fullDocument,
      Duration maxAwait,
      int batchSize,
      boolean split,
      Supplier<StreamPosition> stored,
      SourceTaskMetrics metrics) {
    this(
        client,
        WatchScope.of(collection),
        userStages,
        fullDocument,
        maxAwait,
        batchSize,
        split,
        stored,
        metrics);
  }

  public WholeEventReader(
      MongoClient client,
      WatchScope scope,
      List<BsonDocument> userStages,
      FullDocument fullDocument,
      Duration maxAwait,
      int batchSize,
      boolean split,
      Supplier<StreamPosition> stored,
      SourceTaskMetrics metrics) {
    this.client = client;
    this.scope = scope;
    this.userStages = userStages;
    this.fullDocument = fullDocument;
    this.maxAwait = maxAwait;
    this.batchSize = batchSize;
    this.split = split;
    this.stored = stored;
    this.metrics = metrics;
  }

  /**
   * Up to about {@code max} whole events (see {@link ChangeStreamReader#poll}); fragments of an
   * event not yet complete are held, not returned.
   *
   * @throws HistoryLostException when the position is no longer in the oplog
   */
  public List<ChangeStreamDocument<BsonDocument>> poll(int max) {
    reopenedAtStored = false;
    if (reader == null) {
      reader = open(stored.get());
    }
    List<ChangeStreamDocument<BsonDocument>> batch;
    try {
      batch = reader.poll(max);
    } catch (RuntimeException e) {
      boolean splitFromNowOn = !splitting() && SplitEventResume.needsSplitStage(e);
      if (splitFromNowOn) {
        // The stored position is a fragment's token (written while this collection's events were
        // split): MongoDB finds it only with the split stage, whatever stream.large.events says
        // now. This reader keeps the stage; a reopen after a whole event drops it.
        LOG.info(
            "The change stream of {} resumes from a fragment of a split event: reopening it with"
                + " {}",
            scope.name(),
            StreamPipeline.SPLIT_STAGE);
        forceSplit = true;
      }
      // Whatever comes next reopens from the stored position: held fragments are sent again.
      reopenFromStored();
      if (splitFromNowOn) {
        return List.of();
      }
      if (!LargeEventFallback.isTooLarge(e)) {
        throw e;
      }
      return readTooLargeEvent();
    }
    List<ChangeStreamDocument<BsonDocument>> whole = new ArrayList<>();
    for (ChangeStreamDocument<BsonDocument> event : batch) {
      ChangeStreamDocument<BsonDocument> complete = fragments.accept(event);
      if (fragments.headLost()) {
        LOG.info(
            "The change stream of {} delivered a fragment of a split event without its first"
                + " fragments; reopening it before that event",
            scope.name());
        reopenFromStored();
        break;
      }
      if (complete != null) {
        if (event.getSplitEvent() != null) {
          metrics.largeEventSplit();
        }
        whole.add(complete);
      }
    }
    return whole;
  }

  /**
   * Whether the last poll reopened the stream at the stored position it had when the poll began (a
   * fragment without its head, a resume that needs the split stage): {@link #position()} is that
   * point again, before the events the poll returned, which the stream will send again. A caller
   * that keeps facts about its stored position (which collections its token may name) must take
   * those of that point back too.
   */
  public boolean reopenedAtStored() {
    return reopenedAtStored;
  }

  /** Whether fragments of an event are held: no position after the last whole event is safe. */
  public boolean midEvent() {
    return fragments.pending();
  }

  /** The position a restart would resume from after everything returned so far. */
  public StreamPosition position() {
    return reader == null || fragments.pending() ? stored.get() : reader.position();
  }

  /** Whether {@link #position()} is a high-water mark ({@link ChangeStreamReader}). */
  public boolean atHighWaterMark() {
    return reader != null && !fragments.pending() && reader.atHighWaterMark();
  }

  private List<ChangeStreamDocument<BsonDocument>> readTooLargeEvent() {
    StreamPosition from = stored.get();
    ChangeStreamDocument<BsonDocument> event =
        new LargeEventFallback(client, scope, userStages, fullDocument, maxAwait.multipliedBy(4))
            .readNext(from);
    if (event == null) {
      return List.of();
    }
    BsonValue id = event.getDocumentKey() == null ? null : event.getDocumentKey().get("_id");
    LOG.warn(
        "A change event of {} (document {}) is over MongoDB's 16 MiB limit and the stream"
            + " cannot split it; sent the document's current state instead ({})",
        scope.name(),
        id == null ? "unknown" : new BsonDocument("_id", id).toJson(),
        event.getOperationType() == OperationType.DELETE ? "it is deleted" : "fetched by _id");
    metrics.largeEventFetched();
    reopenedAtStored = false;
    reader.close();
    reader =
        open(
            StreamPosition.after(
                event.getResumeToken(), event.getOperationType() == OperationType.INVALIDATE));
    return List.of(event);
  }

  private void reopenFromStored() {
    reopenedAtStored = true;
    fragments.reset();
    if (reader != null) {
      reader.close();
    }
    reader = open(stored.get());
  }

  private ChangeStreamReader open(StreamPosition from) {
    return new ChangeStreamReader(
        scope,
        StreamPipeline.build(userStages, splitting()),
        fullDocument,
        maxAwait,
        batchSize,
        from,
        metrics);
  }

  private boolean splitting() {
    return split || forceSplit;
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
  }
}
