package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code errorLabels} a MongoDB 4.4+ replica-set member adds to an error reply (outside
 * transactions, which this server does not support):
 *
 * <ul>
 *   <li>{@code RetryableWriteError}: a retryable write ({@code txnNumber} without {@code
 *       autocommit}) failed, or got a write concern error, with a retriable code;
 *   <li>otherwise {@code ResumableChangeStreamError}: the {@code aggregate} or {@code getMore} of a
 *       change stream failed with a retriable, network or retargeting code, RetryChangeStream or
 *       FailedToSatisfyReadPreference;
 *   <li>otherwise {@code NonResumableChangeStreamError}: ChangeStreamFatalError (280) or
 *       ChangeStreamHistoryLost (286), for any command.
 * </ul>
 *
 * An error injected by a fail point whose data names {@code errorLabels} carries exactly those.
 */
final class ErrorLabels {
  static final String RETRYABLE_WRITE = "RetryableWriteError";
  static final String RESUMABLE_CHANGE_STREAM = "ResumableChangeStreamError";
  static final String NON_RESUMABLE_CHANGE_STREAM = "NonResumableChangeStreamError";

  /** MongoDB 7.0's RetriableError category. */
  private static final Set<Integer> RETRIABLE =
      Set.of(6, 7, 89, 91, 134, 189, 262, 358, 9001, 10107, 11600, 11602, 13435, 13436, 50915);

  /** Its NetworkError and NeedRetargettingError categories, and the two single codes. */
  private static final Set<Integer> ALSO_RESUMABLE =
      Set.of(6, 7, 89, 9001, 63, 150, 13388, 234, 133);

  private static final Set<Integer> NON_RESUMABLE = Set.of(280, 286);

  private ErrorLabels() {}

  /**
   * Adds the labels to a reply (unless it already has some).
   *
   * @param failure the exception the reply was made from, or null
   * @param changeStream whether the command was the aggregate or a getMore of a change stream
   */
  static void attach(
      Document reply,
      MongoServerException failure,
      String command,
      Document query,
      boolean changeStream) {
    if (failure instanceof FailPointError injected && injected.labelsOverride() != null) {
      reply.remove("errorLabels");
      if (!injected.labelsOverride().isEmpty()) {
        reply.put("errorLabels", injected.labelsOverride());
      }
      return;
    }
    if (reply.containsKey("errorLabels")) {
      return;
    }
    Integer code = isOk(reply) ? null : code(reply.get("code"));
    Integer writeConcernCode =
        reply.get("writeConcernError") instanceof Document wce ? code(wce.get("code")) : null;
    List<String> labels = labels(command, query, code, writeConcernCode, changeStream);
    if (!labels.isEmpty()) {
      reply.put("errorLabels", labels);
    }
  }

  static List<String> labels(
      String command,
      Document query,
      Integer code,
      Integer writeConcernCode,
      boolean changeStream) {
    List<String> labels = new ArrayList<>();
    boolean retryableWrite = query.containsKey("txnNumber") && !query.containsKey("autocommit");
    if (retryableWrite && (in(RETRIABLE, code) || in(RETRIABLE, writeConcernCode))) {
      labels.add(RETRYABLE_WRITE);
    } else if (changeStream
        && code != null
        && writeConcernCode == null
        && ("aggregate".equals(command) || "getMore".equals(command))
        && (in(RETRIABLE, code) || in(ALSO_RESUMABLE, code))) {
      labels.add(RESUMABLE_CHANGE_STREAM);
    } else if (in(NON_RESUMABLE, code)) {
      labels.add(NON_RESUMABLE_CHANGE_STREAM);
    }
    return labels;
  }

  /** Null-safe: the immutable sets refuse to look up null. */
  private static boolean in(Set<Integer> codes, Integer code) {
    return code != null && codes.contains(code);
  }

  private static Integer code(Object value) {
    return value instanceof Number number ? number.intValue() : null;
  }

  private static boolean isOk(Document reply) {
    return reply.get("ok") instanceof Number ok && ok.doubleValue() == 1.0;
  }
}
