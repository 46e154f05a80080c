package io.mongoelastic.source.retry;

import com.mongodb.MongoException;
import io.mongoelastic.source.ConnectionStringMasker;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries one reader (a collection's change stream, a snapshot range) after transient MongoDB
 * errors, and fails the task, naming the reader and the cause, after any other error or when
 * {@value RetryConfig#MONGODB_RETRY_TIMEOUT_MS} runs out. The reader itself rewinds: it reopens
 * after the last position it returned, so a retry repeats nothing that was sent and skips nothing.
 * Each retry is logged (WARN, credentials masked) and counted in the task's metrics.
 */
public final class ReadRetry {
  private static final Logger LOG = LoggerFactory.getLogger(ReadRetry.class);

  private final Supplier<String> reader;
  private final Read read;
  private final RetryBackoff backoff;
  private final SourceTaskMetrics metrics;
  private final String connectionString;

  /**
   * @param reader what reads, for messages: "the change stream of shop.orders"
   * @param connectionString masked out of every message
   */
  public ReadRetry(
      String reader,
      Read read,
      RetryPolicy policy,
      SourceTaskMetrics metrics,
      String connectionString) {
    this(() -> reader, read, policy, metrics, connectionString);
  }

  /**
   * @param reader what reads now, for messages (a stream whose collections change over time)
   * @param connectionString masked out of every message
   */
  public ReadRetry(
      Supplier<String> reader,
      Read read,
      RetryPolicy policy,
      SourceTaskMetrics metrics,
      String connectionString) {
    this.reader = reader;
    this.read = read;
    this.backoff = new RetryBackoff(policy, System::nanoTime);
    this.metrics = metrics;
    this.connectionString = connectionString;
  }

  /** Whether the reader must still wait before its next attempt. */
  public boolean waiting() {
    return backoff.waiting();
  }

  /** The reader got an answer from MongoDB. */
  public void succeeded() {
    if (backoff.failures() > 0) {
      LOG.info(
          "{} reads again after {} failed attempt(s) over {} ms",
          reader.get(),
          backoff.failures(),
          backoff.failingForMs());
      backoff.succeeded();
    }
  }

  /**
   * The reader failed and closed its cursor: schedules the next attempt when the error is
   * transient.
   *
   * @throws ConnectException when the error is not transient, or transient errors have lasted
   *     longer than the retry timeout
   */
  public void failed(MongoException error) {
    String cause = describe(error);
    if (!MongoErrorClassifier.isTransient(error, read)) {
      String remedy = PermanentConnectionFault.remedy(error).orElse(null);
      if (remedy != null) {
        throw new ConnectException(
            "MongoDB cannot be reached by " + reader.get() + ": " + remedy + ". Cause: " + cause,
            error);
      }
      throw new ConnectException(
          "MongoDB refused "
              + reader.get()
              + " with an error that retrying does not cure: "
              + cause
              + ". Fix the cause (permissions, the collection, the server's state), then restart"
              + " the task; it resumes after the last committed record.",
          error);
    }
    long delay = backoff.failed();
    metrics.retry(reader.get() + ": " + cause);
    if (delay < 0) {
      throw new ConnectException(
          "Gave up on "
              + reader.get()
              + ": it kept failing for "
              + backoff.failingForMs()
              + " ms ("
              + backoff.failures()
              + " attempts), longer than "
              + RetryConfig.MONGODB_RETRY_TIMEOUT_MS
              + " allows; last error: "
              + cause
              + ". Check that MongoDB is reachable and has a primary, then restart the task (it"
              + " resumes after the last committed record), or set "
              + RetryConfig.MONGODB_RETRY_TIMEOUT_MS
              + "=-1 to retry for as long as an outage lasts.",
          error);
    }
    LOG.warn(
        "{} failed: {}; attempt {} in {} ms, after the last position sent",
        reader.get(),
        cause,
        backoff.failures() + 1,
        delay);
  }

  /** Error class, code, labels and message, without the connection string's credentials. */
  String describe(MongoException error) {
    StringBuilder text = new StringBuilder(error.getClass().getSimpleName());
    text.append(" (code ").append(error.getCode());
    if (!error.getErrorLabels().isEmpty()) {
      text.append(", labels ").append(String.join(", ", error.getErrorLabels()));
    }
    text.append("): ").append(ConnectionStringMasker.scrub(error.getMessage(), connectionString));
    return text.toString();
  }
}
