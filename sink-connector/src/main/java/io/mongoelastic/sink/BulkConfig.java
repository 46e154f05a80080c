package io.mongoelastic.sink;

import io.mongoelastic.sink.bulk.BulkSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * The bulk request and retry/backpressure keys of the sink, declared into {@link
 * ElasticsearchSinkConfig#CONFIG_DEF}, and their typed view {@link BulkSettings}.
 */
public final class BulkConfig {
  static final String BULK_GROUP = "Bulk requests";
  static final String RETRY_GROUP = "Retries and backpressure";
  static final String COMMIT_GROUP = "Offset commits";

  public static final String BULK_MAX_ACTIONS = "bulk.max.actions";
  public static final String BULK_MAX_BYTES = "bulk.max.bytes";
  public static final String BULK_LINGER_MS = "bulk.linger.ms";
  public static final String BULK_CONCURRENT_REQUESTS = "bulk.concurrent.requests";

  public static final String BUFFER_MAX_BYTES = "buffer.max.bytes";
  public static final String RETRY_BUDGET_MS = "retry.budget.ms";
  public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

  public static final String OFFSET_COMMIT_REQUEST_INTERVAL_MS =
      "offset.commit.request.interval.ms";

  private BulkConfig() {}

  static void defineInto(ConfigDef def) {
    int order = 0;
    def.define(
            BULK_MAX_ACTIONS,
            Type.INT,
            5_000,
            Range.between(1, 100_000),
            Importance.MEDIUM,
            "Most actions in one bulk request. A request is sent as soon as a request slot is"
                + " free and its oldest action has waited "
                + BULK_LINGER_MS
                + ", or at once when the queue reaches this count or "
                + BULK_MAX_BYTES
                + "; while every slot is busy, actions accumulate, so requests grow with the"
                + " load up to these limits.",
            BULK_GROUP,
            ++order,
            Width.SHORT,
            "Bulk max actions")
        .define(
            BULK_MAX_BYTES,
            Type.LONG,
            10L * 1024 * 1024,
            Range.between(1024, 100L * 1024 * 1024),
            Importance.MEDIUM,
            "Most bytes of NDJSON in one bulk request (a single larger action is still sent"
                + " alone). Keep it well under the cluster's http.max_content_length (100 MB by"
                + " default). Each request slot holds up to this much while its request is in"
                + " flight, within buffer.max.bytes.",
            BULK_GROUP,
            ++order,
            Width.SHORT,
            "Bulk max bytes")
        .define(
            BULK_LINGER_MS,
            Type.LONG,
            5L,
            Range.between(0, 60_000),
            Importance.MEDIUM,
            "Milliseconds the oldest queued action waits for more actions to share its bulk"
                + " request when a request slot is free (counted from that action, not from the"
                + " last request). Under load requests fill up while every slot is busy, so a"
                + " short linger costs no throughput; the default keeps a change's trip through"
                + " the sink to a few milliseconds plus the request itself. Raise it (e.g. 50-1000)"
                + " to trade freshness for fewer, larger requests on a cluster that is busy with"
                + " other work; 0 sends whatever is queued the moment a slot is free.",
            BULK_GROUP,
            ++order,
            Width.SHORT,
            "Bulk linger (ms)")
        .define(
            BULK_CONCURRENT_REQUESTS,
            Type.INT,
            2,
            Range.between(1, 32),
            Importance.MEDIUM,
            "Most bulk requests one task has in flight at once. Two keep the node busy while"
                + " the next request is being built; writes to one document id are never in two"
                + " requests at once.",
            BULK_GROUP,
            ++order,
            Width.SHORT,
            "Concurrent bulk requests");

    order = 0;
    def.define(
            BUFFER_MAX_BYTES,
            Type.LONG,
            64L * 1024 * 1024,
            Range.between(1024, 8L * 1024 * 1024 * 1024),
            Importance.MEDIUM,
            "Most heap, in bytes, the connector's tasks together hold for records"
                + " Elasticsearch has not yet acknowledged (queued, in flight or waiting for a"
                + " retry); each task gets an equal share (this value divided by tasks.max, at"
                + " least bulk.max.bytes), so the connector's memory does not grow with"
                + " tasks.max. Counted per record: its value,"
                + " which is kept for the dead-letter queue (bytes and strings at their length,"
                + " maps and Structs at twice the document's JSON), its bulk action (the action"
                + " line, and the document unless it is the value's own bytes) and an estimated"
                + " 512 bytes of objects. Above its share a task pauses its"
                + " partitions, and resumes them when the buffer has drained to half. The task"
                + " also pauses while the cluster cannot be reached.",
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Buffer max bytes")
        .define(
            RETRY_BUDGET_MS,
            Type.LONG,
            30L * 60 * 1000,
            Range.between(0, 7L * 24 * 3600 * 1000),
            Importance.MEDIUM,
            "Most milliseconds a write may keep being retried (rejections with 429/503,"
                + " timeouts, an unreachable or failing cluster) before the task fails. Until"
                + " then the task stays up and pauses consumption.",
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Retry budget (ms)")
        .define(
            RETRY_BACKOFF_INITIAL_MS,
            Type.LONG,
            100L,
            Range.between(1, 600_000),
            Importance.LOW,
            "Wait before the first retry of a write; doubled on each further attempt up to "
                + RETRY_BACKOFF_MAX_MS
                + ", with random jitter of up to half the wait.",
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Initial retry backoff (ms)")
        .define(
            RETRY_BACKOFF_MAX_MS,
            Type.LONG,
            10_000L,
            Range.between(1, 3_600_000),
            Importance.LOW,
            "Longest wait between two retries of a write.",
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Max retry backoff (ms)");

    def.define(
        OFFSET_COMMIT_REQUEST_INTERVAL_MS,
        Type.LONG,
        500L,
        Range.between(0, 3_600_000),
        Importance.LOW,
        "Least milliseconds between two requests to the worker to commit the offsets"
            + " Elasticsearch has acknowledged. Without them the worker commits every"
            + " offset.flush.interval.ms (60 s by default), so the sink's consumer group lags"
            + " behind what is indexed by up to that long; a source connector pacing its snapshot"
            + " by this group's lag (snapshot.pace.consumer.group) needs the prompt commits. Each"
            + " request costs one offset commit to Kafka. 0 leaves commits to the worker's"
            + " interval.",
        COMMIT_GROUP,
        1,
        Width.SHORT,
        "Offset commit request interval (ms)");
  }

  static BulkSettings settings(AbstractConfig config) {
    return new BulkSettings(
        config.getInt(BULK_MAX_ACTIONS),
        config.getLong(BULK_MAX_BYTES),
        config.getLong(BULK_LINGER_MS),
        config.getInt(BULK_CONCURRENT_REQUESTS),
        config.getLong(BUFFER_MAX_BYTES),
        config.getLong(RETRY_BUDGET_MS),
        config.getLong(RETRY_BACKOFF_INITIAL_MS),
        config.getLong(RETRY_BACKOFF_MAX_MS));
  }
}
