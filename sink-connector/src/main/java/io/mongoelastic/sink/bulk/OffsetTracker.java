package io.mongoelastic.sink.bulk;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per original topic partition, everything below the lowest offset
 * not yet done (acknowledged by Elasticsearch, refused as stale, or accepted by the
 * malformed-document policy). Thread-safe.
 */
public final class OffsetTracker {
  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  private static final class Partition {
    final TreeSet<Long> outstanding = new TreeSet<>();
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
  }

  public synchronized boolean isOpen(TopicPartition tp) {
    return partitions.containsKey(tp);
  }

  /** Records that a record was received and is not done yet. */
  public synchronized void received(TopicPartition tp, long offset) {
    Partition p = partitions.computeIfAbsent(tp, t -> new Partition());
    p.outstanding.add(offset);
    p.nextOffset = Math.max(p.nextOffset, offset + 1);
  }

  /** Marks a record done; ignored for partitions no longer owned. */
  public synchronized void done(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    if (p != null) {
      p.outstanding.remove(offset);
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
    return partitions.values().stream().mapToLong(p -> p.outstanding.size()).sum();
  }
}
