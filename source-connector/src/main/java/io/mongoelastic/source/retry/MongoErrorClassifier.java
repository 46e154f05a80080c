package io.mongoelastic.source.retry;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import java.util.Set;

/**
 * Sorts the errors MongoDB and the driver report into what the connector does about them: reopen
 * the read from its last returned position ({@link Kind#TRANSIENT}), answer lost change-stream
 * history ({@link Kind#HISTORY_LOST}), report a pipeline that rewrites the resume token ({@link
 * Kind#PIPELINE_MODIFIES_ID}), report a stored fragment token of a split event that the stream can
 * no longer resume from ({@link Kind#SPLIT_EVENT_RESUME}), or fail the task ({@link Kind#FATAL}).
 *
 * <p>Transient, following the change streams specification's resumable errors: any error that is
 * not a server error (network, socket timeout, server selection timeout), a server error labelled
 * {@code ResumableChangeStreamError} (4.4+ servers), and the codes a 4.2 server, which sends no
 * labels, means as resumable. The driver's pool-cleared error is a network error too: a connection
 * to the server failed (or its monitor missed a heartbeat) and the pool was emptied under the read,
 * which the driver's own retryable reads retry; one whose cause is a refused TLS handshake or
 * credential stays fatal (checked first). Labels win: {@code NonResumableChangeStreamError} is
 * never transient. Snapshot queries may also be retried after errors that end a cursor but not the
 * data it reads (QueryPlanKilled, Interrupted, CursorKilled). A socket error or timeout caused by a
 * refused TLS handshake, certificate or credentials is fatal ({@link PermanentConnectionFault}).
 */
public final class MongoErrorClassifier {
  /** What the connector does about an error. */
  public enum Kind {
    TRANSIENT,
    HISTORY_LOST,
    PIPELINE_MODIFIES_ID,
    SPLIT_EVENT_RESUME,
    FATAL
  }

  /** Which read met the error: snapshot queries retry a few more codes than change streams. */
  public enum Read {
    CHANGE_STREAM,
    SNAPSHOT
  }

  static final String RESUMABLE_LABEL = "ResumableChangeStreamError";
  static final String NON_RESUMABLE_LABEL = "NonResumableChangeStreamError";

  /**
   * HostUnreachable, HostNotFound, NetworkTimeout, ShutdownInProgress, PrimarySteppedDown,
   * ExceededTimeLimit, SocketException, NotWritablePrimary, InterruptedAtShutdown,
   * InterruptedDueToReplStateChange, NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary,
   * StaleShardVersion, StaleEpoch, StaleConfig, RetryChangeStream, FailedToSatisfyReadPreference,
   * CursorNotFound.
   */
  private static final Set<Integer> RESUMABLE_CODES =
      Set.of(
          6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 63, 150, 13388, 234, 133,
          43);

  /**
   * QueryPlanKilled, Interrupted, CursorKilled: the query ended, the collection is still there;
   * MaxTimeMSExpired: a snapshot read's own time limit (the bound's majority read) ran out.
   */
  private static final Set<Integer> KILLED_QUERY_CODES = Set.of(175, 11601, 237, 50);

  /** ChangeStreamHistoryLost, CappedPositionLost, ChangeStreamFatalError (token not found). */
  private static final Set<Integer> HISTORY_LOST_CODES = Set.of(286, 136, 280);

  private MongoErrorClassifier() {}

  public static Kind classify(Throwable error, Read read) {
    if (!(error instanceof MongoException mongo)) {
      return Kind.FATAL;
    }
    if (modifiesResumeToken(mongo)) {
      return Kind.PIPELINE_MODIFIES_ID;
    }
    if (resumesFromSplitEvent(mongo)) {
      return Kind.SPLIT_EVENT_RESUME;
    }
    if (HISTORY_LOST_CODES.contains(mongo.getCode())) {
      return Kind.HISTORY_LOST;
    }
    if (mongo.hasErrorLabel(NON_RESUMABLE_LABEL)
        || PermanentConnectionFault.remedy(mongo).isPresent()) {
      return Kind.FATAL;
    }
    if (mongo.hasErrorLabel(RESUMABLE_LABEL)
        || mongo instanceof MongoSocketException
        || mongo instanceof MongoTimeoutException
        || mongo instanceof MongoConnectionPoolClearedException
        || mongo instanceof MongoNotPrimaryException
        || mongo instanceof MongoNodeIsRecoveringException
        || RESUMABLE_CODES.contains(mongo.getCode())
        || (read == Read.SNAPSHOT && KILLED_QUERY_CODES.contains(mongo.getCode()))) {
      return Kind.TRANSIENT;
    }
    return Kind.FATAL;
  }

  public static boolean isTransient(Throwable error, Read read) {
    return classify(error, read) == Kind.TRANSIENT;
  }

  /**
   * ChangeStreamFatalError about a fragment token of a split event: the stream lacks the split
   * stage, or no longer splits that event the same way ("To resume from a split event, ...",
   * "Attempted to resume from a split event fragment, but ...", "Attempted to resume from a split
   * event, but the resumed stream produced a different split ..."). Not lost history: the event is
   * still in the oplog, and a new snapshot would not cure the setting that caused it.
   */
  public static boolean resumesFromSplitEvent(MongoException error) {
    String message = error.getMessage();
    return error.getCode() == 280 && message != null && message.contains("from a split event");
  }

  /**
   * MongoDB ends a change stream whose pipeline changed or removed an event's {@code _id} (the
   * resume token) with ChangeStreamFatalError, the same code as a resume token it cannot find; only
   * the message tells them apart.
   */
  private static boolean modifiesResumeToken(MongoException error) {
    String message = error.getMessage();
    return message != null
        && message.contains("_id field")
        && message.contains("resume token")
        && message.contains("modified");
  }
}
