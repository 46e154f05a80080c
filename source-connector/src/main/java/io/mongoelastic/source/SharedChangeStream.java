package io.mongoelastic.source;

import com.mongodb.MongoException;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.retry.MongoErrorClassifier;
import io.mongoelastic.source.retry.MongoErrorClassifier.Kind;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import io.mongoelastic.source.retry.ReadRetry;
import io.mongoelastic.source.stream.HistoryLostException;
import io.mongoelastic.source.stream.ResumeTokenTime;
import io.mongoelastic.source.stream.StreamOrder;
import io.mongoelastic.source.stream.StreamPosition;
import io.mongoelastic.source.stream.WatchScope;
import io.mongoelastic.source.stream.WholeEventReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.source.SourceRecord;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one change stream of a task: a database-level stream ({@code mongodb.database}) over the
 * collections whose owners are streaming, selected by a first stage {@code $match} on {@code
 * ns.coll}, followed by the user's {@code stream.pipeline} and the connector's own stages ({@link
 * io.mongoelastic.source.stream.StreamPipeline}). One cursor and one {@code getMore} per turn,
 * whatever the number of collections.
 *
 * <p>Positions. Each collection keeps its own offset. The stream opens at the earliest of them and
 * hands an event to its collection only when it is strictly after that collection's own position
 * ({@link StreamOrder}), so collections at different positions (after a restart, or one that just
 * ended its snapshot) share it without duplicates or gaps. MongoDB gives an event the same resume
 * token whichever stream returns it, so a database stream resumes from a token a collection stream
 * stored before, and the server's high-water marks of the shared stream are positions of every
 * member (see "Resume a Change Stream" and "Change Events" in MongoDB's change-streams
 * documentation: tokens are positions in the oplog, not in one stream).
 *
 * <p>Which positions a collection may store. MongoDB resumes from an event token only if the
 * resumed stream meets that event: its check runs after the stream's leading {@code $match}, so a
 * stream whose member list no longer passes the event fails (ChangeStreamFatalError 280). A
 * collection's heartbeat therefore stores a high-water mark (a post-batch token that names no event
 * and resumes any stream, {@link WholeEventReader#atHighWaterMark()}) when the read ended at one;
 * on a busy database, whose batches end at events, it stores the last member event's token together
 * with that event's collection ({@link Member#positionCollection()}), never the token of a
 * collection that is no member. A stream (re)opening at a position that is another collection's
 * event keeps that collection in its {@code $match} until it has passed the token, then reopens
 * once without it: {@link ReopeningPoint} decides where, and which collections it keeps for that.
 *
 * <p>Members. A collection joins when it starts streaming (task start, snapshot end) and leaves
 * when it must be snapshotted again; either reopens the cursor with the new {@code $in} list, from
 * the earlier of where the stream got to and the joiner's position. Both are rare. A database
 * stream is not invalidated by a drop or rename of one collection: those arrive as {@code drop} /
 * {@code rename} events of the member and the stream goes on.
 *
 * <p>Failures. Transient errors close the cursor and retry it ({@link ReadRetry}), reopening after
 * the last event handed out. When the reader itself reopens at the point a read began ({@link
 * WholeEventReader#reopenedAtStored()}: a fragment of a split event without its head), that point's
 * collections go back into the next opening's {@code $match} with it. Lost history is the loss of
 * the members whose positions the stream could not resume from (those at its opening position):
 * they leave, each decides per {@code stream.on.history.lost}, and the stream reopens for the
 * others from their own positions.
 */
final class SharedChangeStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SharedChangeStream.class);
  private static final int NAMED_IN_MESSAGES = 3;

  /** A collection following the shared stream. */
  interface Member {
    String collection();

    /** Where this collection's events become new: events at or before it were sent already. */
    StreamPosition position();

    /**
     * The collection whose event {@link #position()} is the token of, when that is another
     * collection's event (stored by {@link #reached}); null when it is this collection's own event,
     * a high-water mark or a cluster time. The stream keeps that collection in its {@code $match}
     * until it has passed the token.
     */
    String positionCollection();

    /** An event of this collection (or renamed onto it) after its position. */
    void accept(ChangeStreamDocument<BsonDocument> event, List<SourceRecord> out);

    /**
     * The stream read everything up to {@code shared}; called when {@link #heartbeatDueAtMillis()}
     * has come.
     *
     * @param shared a high-water mark, or the token of the last member event the stream read
     * @param eventCollection null for a high-water mark; else the member that event is for, which a
     *     member storing {@code shared} stores with it ({@link #positionCollection()})
     */
    void reached(StreamPosition shared, String eventCollection, List<SourceRecord> out);

    /** When this member next wants {@link #reached}; {@link Long#MAX_VALUE} for never. */
    long heartbeatDueAtMillis();

    /** The stream answered for the first time since this member joined. */
    void answered();

    /** The stream cannot resume from this member's position; the member has been removed. */
    void historyLost(HistoryLostException e);
  }

  private final MongoClient client;
  private final MongoSourceConfig config;
  private final Duration maxAwait;
  private final int batchSize;
  private final boolean split;
  private final SourceTaskMetrics metrics;
  private final ReadRetry retry;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final HeartbeatQueue heartbeats = new HeartbeatQueue();
  private final List<Member> unanswered = new ArrayList<>();
  // Where the stream (re)opens and the collections its $match keeps for that (see above).
  private final ReopeningPoint point = new ReopeningPoint(this::namespaces);
  // The collections the open reader's $match passes.
  private Set<String> matched = Set.of();
  private WholeEventReader reader;
  // Where the open reader started; lost history there is the loss of the members at or before it.
  private StreamPosition openedAt;

  SharedChangeStream(
      MongoClient client,
      MongoSourceConfig config,
      Duration maxAwait,
      int batchSize,
      boolean split,
      SourceTaskMetrics metrics) {
    this.client = client;
    this.config = config;
    this.maxAwait = maxAwait;
    this.batchSize = batchSize;
    this.split = split;
    this.metrics = metrics;
    this.retry =
        new ReadRetry(
            this::describe,
            Read.CHANGE_STREAM,
            config.retryPolicy(),
            metrics,
            config.connectionString());
  }

  /** Adds a collection; an open cursor reopens to include it, no later than its position. */
  void join(Member member) {
    members.put(member.collection(), member);
    heartbeats.add(member);
    unanswered.add(member);
    point.joinAt(startOf(member), MemberMatch.collectionsAt(member));
    closeReader();
  }

  /** Removes a collection; an open cursor reopens without it, where it got to. */
  void leave(Member member) {
    if (members.remove(member.collection(), member)) {
      closeReader();
      heartbeats.remove(member);
      unanswered.remove(member);
      if (members.isEmpty()) {
        point.clear();
      }
    }
  }

  /** For messages: "the change stream of shop.a, shop.b and 998 more collections". */
  private String describe() {
    return "the change stream of " + namespaces();
  }

  private String namespaces() {
    List<String> names = new ArrayList<>(members.keySet());
    String shown =
        names.stream()
            .limit(NAMED_IN_MESSAGES)
            .map(name -> config.database() + "." + name)
            .collect(Collectors.joining(", "));
    if (names.size() <= NAMED_IN_MESSAGES) {
      return names.isEmpty() ? "database " + config.database() : shown;
    }
    return shown + " and " + (names.size() - NAMED_IN_MESSAGES) + " more collections";
  }

  /** The collections the $match of the stream's last opening passes: members and reopening ones. */
  Set<String> matched() {
    return matched;
  }

  int memberCount() {
    return members.size();
  }

  /**
   * One read of the stream, handing each event to its collection and then telling every member
   * where the stream got to. Returns whether the stream answered with anything.
   */
  boolean step(List<SourceRecord> out, int budget) {
    if (members.isEmpty() || retry.waiting()) {
      return false;
    }
    try {
      boolean progress = read(out, budget);
      retry.succeeded();
      return progress;
    } catch (MongoException e) {
      closeReader();
      Kind kind = MongoErrorClassifier.classify(e, Read.CHANGE_STREAM);
      if (kind == Kind.PIPELINE_MODIFIES_ID) {
        throw StreamFailures.pipelineModifiesId(namespaces(), e);
      }
      if (kind == Kind.SPLIT_EVENT_RESUME) {
        throw StreamFailures.splitEventResume(namespaces(), e);
      }
      retry.failed(e);
      return false;
    }
  }

  private boolean read(List<SourceRecord> out, int budget) {
    if (reader == null) {
      open();
    }
    point.readStarts();
    List<ChangeStreamDocument<BsonDocument>> events;
    try {
      events = reader.poll(Math.max(1, budget));
    } catch (HistoryLostException e) {
      closeReader();
      lostHistory(e);
      return true;
    }
    for (ChangeStreamDocument<BsonDocument> event : events) {
      point.passed(event, members.keySet());
      OperationType type = event.getOperationType();
      if (event.getNamespace() == null
          && type != OperationType.INVALIDATE
          && type != OperationType.DROP_DATABASE) {
        throw StreamFailures.namespaceRemoved(config.database());
      }
      hand(event, event.getNamespace(), out);
      if (type == OperationType.RENAME) {
        hand(event, event.getDestinationNamespace(), out);
      }
    }
    if (reader.reopenedAtStored()) {
      point.readRestarted();
    } else if (!reader.midEvent()) {
      ReopeningPoint.Reached reached =
          point.readEnded(reader.position(), reader.atHighWaterMark(), members.keySet());
      if (reached != null) {
        heartbeats.visitDue(
            System.currentTimeMillis(),
            members,
            member -> member.reached(reached.position(), reached.eventCollection(), out));
      }
      unanswered.forEach(Member::answered);
      unanswered.clear();
      if (point.passedKeptNonMembers()) {
        closeReader();
      }
    }
    if (events.isEmpty()) {
      metrics.streamCaughtUp();
    }
    return !events.isEmpty();
  }

  private void hand(
      ChangeStreamDocument<BsonDocument> event, MongoNamespace namespace, List<SourceRecord> out) {
    Member member = namespace == null ? null : members.get(namespace.getCollectionName());
    if (member != null && StreamOrder.isAfter(event.getResumeToken(), member.position())) {
      member.accept(event, out);
    }
  }

  private void open() {
    if (point.position() == null) {
      Member earliest = null;
      for (Member member : members.values()) {
        if (earliest == null
            || StreamOrder.comparePositions(startOf(member), startOf(earliest)) < 0) {
          earliest = member;
        }
      }
      point.set(startOf(earliest), MemberMatch.collectionsAt(earliest));
    }
    openedAt = point.position();
    List<BsonDocument> stages = new ArrayList<>();
    matched = point.opened(members.keySet());
    stages.add(MemberMatch.stage(matched));
    stages.addAll(config.pipeline());
    reader =
        new WholeEventReader(
            client,
            WatchScope.of(client.getDatabase(config.database())),
            stages,
            config.fullDocumentMode().driverValue(),
            maxAwait,
            batchSize,
            split,
            point::position,
            metrics);
    LOG.debug(
        "Change stream of database {} opens for {} collection(s)",
        config.database(),
        members.size());
  }

  /**
   * Where the stream opens for a member. After a collection stream's invalidate (a position stored
   * by an earlier version, which used one stream per collection) the stream opens at the next
   * cluster time: {@code startAfter} is documented for a stream's own invalidate only.
   */
  private static StreamPosition startOf(Member member) {
    StreamPosition position = member.position();
    BsonTimestamp time = position.startAfter() ? ResumeTokenTime.of(position.token()) : null;
    return time == null
        ? position
        : StreamPosition.at(new BsonTimestamp(time.getTime(), time.getInc() + 1));
  }

  /**
   * The members at or before where the stream opened lost their history: they leave and decide
   * (re-snapshot or fail). The others go on from their own positions, which are later.
   */
  private void lostHistory(HistoryLostException e) {
    List<Member> lost = new ArrayList<>();
    for (Member member : members.values()) {
      if (openedAt == null || StreamOrder.comparePositions(startOf(member), openedAt) <= 0) {
        lost.add(member);
      }
    }
    point.clear();
    if (lost.isEmpty()) {
      // The stream had opened before every member (one that left had held it back): reopening at
      // the members' earliest position is all it takes.
      return;
    }
    for (Member member : lost) {
      leave(member);
    }
    for (Member member : lost) {
      member.historyLost(e);
    }
  }

  private void closeReader() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  @Override
  public void close() {
    closeReader();
  }
}
