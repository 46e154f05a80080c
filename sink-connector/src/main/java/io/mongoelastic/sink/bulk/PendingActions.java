package io.mongoelastic.sink.bulk;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The actions a task owes Elasticsearch that are not in flight: new ones in arrival order, and
 * those waiting for a retry in record order; plus the keys in flight and the byte accounting. Not
 * thread-safe: the {@link BulkDispatcher} guards it with its lock.
 */
final class PendingActions {
  private final ArrayDeque<PendingAction> queue = new ArrayDeque<>();
  private final TreeMap<Long, PendingAction> retries = new TreeMap<>();

  /** Keys of the actions in flight, with their count. */
  private final Map<String, Integer> inFlightKeys = new HashMap<>();

  private long sequence;
  private long queuedBytes;
  private long bufferedBytes;
  private long bufferedActions;

  void add(SinkRecord record, TopicPartition partition, long offset, ActionEncoder.Action a) {
    PendingAction action =
        new PendingAction(++sequence, record, partition, offset, a, System.nanoTime());
    queue.add(action);
    queuedBytes += action.size();
    bufferedBytes += action.heldBytes;
    bufferedActions++;
  }

  boolean hasQueued() {
    return !queue.isEmpty();
  }

  /** When the oldest queued action arrived; only meaningful when {@link #hasQueued()}. */
  long oldestQueuedNanos() {
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peekFirst().queuedNanos;
  }

  /** Whether the queue alone fills a request. */
  boolean queueFills(int maxActions, long maxBytes) {
    return queue.size() >= maxActions || queuedBytes >= maxBytes;
  }

  /** Nanoseconds until the earliest retry is due (negative when overdue); MAX_VALUE when none. */
  long nanosToNextRetry(long now) {
    long next = Long.MAX_VALUE;
    for (PendingAction action : retries.values()) {
      next = Math.min(next, action.notBeforeNanos - now);
    }
    return next;
  }

  /**
   * Cuts the next request: due retries first, then queued actions. A key in flight, or with an
   * earlier action still waiting for its retry, blocks every later action of that key. The keys of
   * the returned actions count as in flight until {@link #landed(List)}.
   */
  List<PendingAction> takeBatch(long now, int maxActions, long maxBytes) {
    List<PendingAction> batch = new ArrayList<>();
    Set<String> blocked = new HashSet<>();
    long bytes = 0;
    for (Iterator<PendingAction> it = retries.values().iterator(); it.hasNext(); ) {
      PendingAction action = it.next();
      if (full(batch, bytes, maxActions, maxBytes)) {
        break;
      }
      if (blocked.contains(action.key)
          || action.notBeforeNanos > now
          || inFlightKeys.containsKey(action.key)) {
        blocked.add(action.key);
        continue;
      }
      it.remove();
      batch.add(action);
      bytes += action.size();
    }
    for (Iterator<PendingAction> it = queue.iterator(); it.hasNext(); ) {
      PendingAction action = it.next();
      if (full(batch, bytes, maxActions, maxBytes)) {
        break;
      }
      if (blocked.contains(action.key) || inFlightKeys.containsKey(action.key)) {
        blocked.add(action.key);
        continue;
      }
      it.remove();
      queuedBytes -= action.size();
      batch.add(action);
      bytes += action.size();
    }
    for (PendingAction action : batch) {
      inFlightKeys.merge(action.key, 1, Integer::sum);
    }
    return batch;
  }

  private static boolean full(
      List<PendingAction> batch, long bytes, int maxActions, long maxBytes) {
    return !batch.isEmpty() && (batch.size() >= maxActions || bytes >= maxBytes);
  }

  /** A request came back (whatever its outcome): its keys are no longer in flight. */
  void landed(List<PendingAction> batch) {
    for (PendingAction action : batch) {
      inFlightKeys.computeIfPresent(action.key, (key, count) -> count <= 1 ? null : count - 1);
    }
  }

  /** Keeps an action for another attempt (its retry time already set). */
  void retryLater(PendingAction action) {
    retries.put(action.sequence, action);
  }

  /** An action left for good (written, stale, handed to the policy, or dropped). */
  void settled(PendingAction action) {
    bufferedBytes -= action.heldBytes;
    bufferedActions--;
  }

  /** Forgets queued and retry-waiting actions of revoked partitions. */
  void dropPartitions(Set<TopicPartition> gone) {
    for (Iterator<PendingAction> it = queue.iterator(); it.hasNext(); ) {
      PendingAction action = it.next();
      if (gone.contains(action.partition)) {
        it.remove();
        queuedBytes -= action.size();
        settled(action);
      }
    }
    for (Iterator<PendingAction> it = retries.values().iterator(); it.hasNext(); ) {
      PendingAction action = it.next();
      if (gone.contains(action.partition)) {
        it.remove();
        settled(action);
      }
    }
  }

  long bufferedBytes() {
    return bufferedBytes;
  }

  long bufferedActions() {
    return bufferedActions;
  }
}
