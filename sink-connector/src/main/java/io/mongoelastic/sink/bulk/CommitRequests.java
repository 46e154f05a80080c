package io.mongoelastic.sink.bulk;

import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Asks the worker to commit soon after Elasticsearch acknowledged records, instead of waiting for
 * the worker's {@code offset.flush.interval.ms} (60 s by default): the group's committed offsets
 * are then a fresh measure of what the sink has indexed, which a source paces its snapshot by.
 *
 * <p>Called on the task thread after each {@code put} (Connect calls {@code put} after every poll,
 * with or without records). While anything is unacknowledged or an acknowledgement is not yet
 * committed, it bounds the next poll to the interval so that an acknowledgement arriving while no
 * record comes in is still committed within about two intervals.
 *
 * <p>Each request is repeated once an interval later, even when nothing moved: the worker commits
 * asynchronously and a commit that failed is otherwise retried only at its next request or its own
 * interval, while a source pacing its snapshot by this group waits on the stale offsets and sends
 * nothing that would move them. A repeated request of offsets already committed costs nothing (the
 * worker skips a commit without changes).
 */
public final class CommitRequests {
  private final SinkTaskContext context;
  private final Supplier<Map<TopicPartition, OffsetAndMetadata>> committable;
  private final LongSupplier outstanding;
  private final long intervalMs;
  private final LongSupplier clockMs;
  private Map<TopicPartition, OffsetAndMetadata> requested = Map.of();
  private long lastRequestMs = Long.MIN_VALUE / 2;
  private boolean repeatPending;

  /**
   * @param intervalMs least time between two requests; 0 never requests (the worker's own interval
   *     applies)
   */
  public CommitRequests(
      SinkTaskContext context,
      Supplier<Map<TopicPartition, OffsetAndMetadata>> committable,
      LongSupplier outstanding,
      long intervalMs,
      LongSupplier clockMs) {
    this.context = context;
    this.committable = committable;
    this.outstanding = outstanding;
    this.intervalMs = intervalMs;
    this.clockMs = clockMs;
  }

  /** Requests a commit if the acknowledged offsets moved and the interval has passed. */
  public void afterPut() {
    if (intervalMs <= 0) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> current = committable.get();
    boolean moved = !current.equals(requested);
    long now = clockMs.getAsLong();
    if ((moved || repeatPending) && now - lastRequestMs >= intervalMs) {
      context.requestCommit();
      requested = current;
      lastRequestMs = now;
      repeatPending = moved;
      moved = false;
    }
    if (moved || repeatPending || outstanding.getAsLong() > 0) {
      context.timeout(intervalMs);
    }
  }

  /** Forgets what was requested (after a rebalance the committed positions are the worker's). */
  public void reset() {
    requested = Map.of();
    repeatPending = false;
  }
}
