package io.mongoelastic.sink.bulk;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per original topic partition, everything below the lowest offset
 * not yet done. A record may owe several actions (one per target index during a resync); it is done
 * when each of them is (acknowledged by Elasticsearch, refused as stale, or accepted by the
 * malformed-document policy). Thread-safe.
 */
public final class OffsetTracker {
  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  private static final class Partition {
    /** offset → actions not yet done. */
    final OutstandingOffsets outstanding = new OutstandingOffsets();

    long nextOffset = -1;
  }

  /** Starts tracking partitions (after assignment); state of earlier owners is forgotten. */
  public synchronized void open(Collection<TopicPartition> assigned) {
    for (TopicPartition tp : assigned) {
      partitions.put(tp, new Partition());
    }
  }

  /** Stops tracking partitions; their outstanding records are redelivered to the next owner. */
  public synchronized void close(Collection<TopicPartition> revoked) {
    revoked.forEach(partitions::remove);
    notifyAll();
  }

  public synchronized boolean isOpen(TopicPartition tp) {
    return partitions.containsKey(tp);
  }

  /** Records that a record was received and owes one action. */
  public void received(TopicPartition tp, long offset) {
    received(tp, offset, 1);
  }

  /** Records that a record was received and owes {@code actions} actions (at least one). */
  public synchronized void received(TopicPartition tp, long offset, int actions) {
    Partition p = partitions.computeIfAbsent(tp, t -> new Partition());
    p.outstanding.add(offset, actions);
    p.nextOffset = Math.max(p.nextOffset, offset + 1);
  }

  /** Marks one action of a record done; ignored for partitions no longer owned. */
  public synchronized void done(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    // only a moved lowest offset can end a wait in awaitDoneBefore
    if (p != null && p.outstanding.done(offset)) {
      notifyAll();
    }
  }

  /**
   * Waits until every record of {@code tp} before {@code offset} is done, at most {@code
   * timeoutMs}.
   *
   * @return whether they are (also true when the partition is no longer owned)
   */
  public synchronized boolean awaitDoneBefore(TopicPartition tp, long offset, long timeoutMs)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    while (true) {
      Partition p = partitions.get(tp);
      if (p == null || p.outstanding.isEmpty() || p.outstanding.first() >= offset) {
        return true;
      }
      long leftMs = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        return false;
      }
      wait(leftMs);
    }
  }

  /** The commit position of each owned partition that has received records. */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    for (Map.Entry<TopicPartition, Partition> e : partitions.entrySet()) {
      Partition p = e.getValue();
      if (p.nextOffset < 0) {
        continue;
      }
      long position = p.outstanding.isEmpty() ? p.nextOffset : p.outstanding.first();
      result.put(e.getKey(), new OffsetAndMetadata(position));
    }
    return result;
  }

  /** Records received but not done, over all owned partitions. */
  public synchronized long outstanding() {
    return partitions.values().stream().mapToLong(p -> p.outstanding.count()).sum();
  }
}
