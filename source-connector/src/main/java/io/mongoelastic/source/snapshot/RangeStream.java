package io.mongoelastic.source.snapshot;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.stream.ResumeTokenTime;
import io.mongoelastic.source.stream.StreamPosition;
import io.mongoelastic.source.stream.WholeEventReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * The change stream of the documents one snapshot range holds: the collection's stream with a
 * {@code $match} on {@code documentKey._id} inside the range, before the user's stages. It tells
 * when it has returned every event up to a cluster time ({@link #passed}), which is what lets a
 * chunk read at that time be sent after them.
 *
 * <p>The events that end the collection ({@link #ENDING_EVENTS}: drop, rename, dropDatabase and the
 * invalidate that follows them) have no {@code documentKey} and pass the {@code $match} too: the
 * range must see where its collection ended (see {@link RangeSync}). Filtered out, a server still
 * closes the cursor at the invalidate, and the stream would return nothing more with a position it
 * cannot resume from.
 */
public final class RangeStream implements AutoCloseable {
  /** The operation types that end a collection stream; the last of them is the invalidate. */
  static final List<String> ENDING_EVENTS = List.of("drop", "rename", "dropDatabase", "invalidate");

  private final WholeEventReader reader;
  private boolean lastPollEmpty;
  private BsonTimestamp latestEventTime;
  private long emptyPolls;

  public RangeStream(
      MongoClient client,
      MongoCollection<BsonDocument> collection,
      IdRange range,
      List<BsonDocument> userStages,
      FullDocument fullDocument,
      Duration maxAwait,
      int batchSize,
      boolean split,
      Supplier<StreamPosition> stored,
      SourceTaskMetrics metrics) {
    List<BsonDocument> stages = new ArrayList<>();
    BsonDocument match = match(range);
    if (match != null) {
      stages.add(match);
    }
    stages.addAll(userStages);
    this.reader =
        new WholeEventReader(
            client, collection, stages, fullDocument, maxAwait, batchSize, split, stored, metrics);
  }

  /**
   * The {@code $match} stage keeping the events of documents in {@code range} and those ending the
   * collection, or null for a range covering every {@code _id}. Each bracket's find filter is
   * applied to {@code documentKey._id}.
   */
  static BsonDocument match(IdRange range) {
    if (range.lower() == null && range.upper() == null) {
      return null;
    }
    BsonArray any = new BsonArray();
    for (IdBracket bracket : range.brackets()) {
      BsonValue condition = range.filter(bracket, null).get("_id");
      any.add(new BsonDocument("documentKey._id", condition));
    }
    BsonArray ending = new BsonArray();
    ENDING_EVENTS.forEach(type -> ending.add(new BsonString(type)));
    any.add(new BsonDocument("operationType", new BsonDocument("$in", ending)));
    return new BsonDocument("$match", new BsonDocument("$or", any));
  }

  /** Up to about {@code max} whole events; see {@link WholeEventReader#poll}. */
  public List<ChangeStreamDocument<BsonDocument>> poll(int max) {
    List<ChangeStreamDocument<BsonDocument>> events = reader.poll(max);
    lastPollEmpty = events.isEmpty() && !reader.midEvent();
    if (lastPollEmpty) {
      emptyPolls++;
    }
    for (ChangeStreamDocument<BsonDocument> event : events) {
      BsonTimestamp time = event.getClusterTime();
      if (time != null && (latestEventTime == null || time.compareTo(latestEventTime) > 0)) {
        latestEventTime = time;
      }
    }
    return events;
  }

  /** How many polls came back empty so far; see {@link #passed}. */
  public long emptyPolls() {
    return emptyPolls;
  }

  /**
   * Whether every event with a cluster time up to {@code time} has been returned: an event after it
   * was, or the stream's position (the post-batch resume token of an empty batch, a high-water mark
   * standing for every change up to its time) is at or after it. When the server reported no time,
   * or the token's time cannot be read, an empty poll since the caller saw {@code emptyPollsBefore}
   * counts instead: that poll began after the read.
   */
  public boolean passed(BsonTimestamp time, long emptyPollsBefore) {
    if (time != null && latestEventTime != null && latestEventTime.compareTo(time) > 0) {
      return true;
    }
    BsonTimestamp position = midEvent() ? null : ResumeTokenTime.of(position().token());
    if (time == null || position == null) {
      return emptyPolls > emptyPollsBefore;
    }
    int order = position.compareTo(time);
    return order > 0 || (order == 0 && lastPollEmpty);
  }

  public boolean midEvent() {
    return reader.midEvent();
  }

  /** The position a restart would resume from after everything returned so far. */
  public StreamPosition position() {
    return reader.position();
  }

  @Override
  public void close() {
    reader.close();
  }
}
