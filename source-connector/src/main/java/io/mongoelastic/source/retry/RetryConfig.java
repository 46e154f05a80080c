package io.mongoelastic.source.retry;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** The keys of the "Retries" group: how tasks ride out transient MongoDB errors. */
public final class RetryConfig {
  static final String GROUP_RETRIES = "Retries";

  public static final String MONGODB_RETRY_BACKOFF_MAX_MS = "mongodb.retry.backoff.max.ms";
  public static final String MONGODB_RETRY_TIMEOUT_MS = "mongodb.retry.timeout.ms";

  private RetryConfig() {}

  public static void defineInto(ConfigDef def) {
    int order = 0;
    def.define(
        MONGODB_RETRY_BACKOFF_MAX_MS,
        Type.LONG,
        10_000L,
        Range.between(1L, 600_000L),
        Importance.LOW,
        "Longest wait between two attempts of a read that met a transient MongoDB error (a"
            + " network error, a server selection timeout, an election, an error MongoDB labels"
            + " ResumableChangeStreamError, a killed snapshot query). Waits start at "
            + RetryPolicy.INITIAL_BACKOFF_MS
            + " ms and double up to this value. Only the failing collection stream or snapshot"
            + " range waits; the others of the task go on.",
        GROUP_RETRIES,
        ++order,
        Width.SHORT,
        "Retry backoff max (ms)");
    def.define(
        MONGODB_RETRY_TIMEOUT_MS,
        Type.LONG,
        -1L,
        Range.atLeast(-1L),
        Importance.MEDIUM,
        "How long a read keeps retrying transient MongoDB errors, from the first error of a run of"
            + " failures, before the task fails. -1 (the default) retries for as long as an outage"
            + " lasts, as a failed task stays failed until someone restarts it while MongoDB"
            + " outages end by themselves; retrying loses nothing (every read resumes after the"
            + " last record sent), and an outage longer than the oplog window is handled by"
            + " stream.on.history.lost. 0 fails on the first error the driver's own retry did not"
            + " cure. Errors that retrying cannot cure fail the task at once, naming the cause.",
        GROUP_RETRIES,
        ++order,
        Width.SHORT,
        "Retry timeout (ms)");
  }

  /** The retry policy the keys describe. */
  public static RetryPolicy policy(AbstractConfig config) {
    return RetryPolicy.of(
        config.getLong(MONGODB_RETRY_BACKOFF_MAX_MS), config.getLong(MONGODB_RETRY_TIMEOUT_MS));
  }
}
