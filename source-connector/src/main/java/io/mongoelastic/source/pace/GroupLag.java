package io.mongoelastic.source.pace;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag on some topics: per partition, the end offset minus the group's committed
 * offset. A group that has neither committed offsets nor members has not started: every partition
 * counts from its first offset (the whole topic is its backlog). Otherwise only the topics the
 * group reads count (those it has offsets for or its members are assigned), a partition of them
 * without an offset from its first offset; another topic (one the group does not read, or not yet:
 * a pattern subscription sees new topics late) counts for nothing.
 *
 * @param records the total lag
 * @param groupStarted whether the group has committed offsets or members
 * @param positions the group's position in each partition that counts (a partition without an
 *     offset at its first offset): grows by what the group commits, see {@link SinkDrain}
 */
public record GroupLag(long records, boolean groupStarted, Map<TopicPartition, Long> positions) {

  public GroupLag {
    positions = Map.copyOf(positions);
  }

  /** A lag without positions, for readings that measured no partition. */
  public GroupLag(long records, boolean groupStarted) {
    this(records, groupStarted, Map.of());
  }

  /**
   * @param partitions the partitions of the topics measured
   * @param committed the group's committed offsets (any topics)
   * @param assigned the topics the group's members are assigned (any topics)
   * @param start each partition's first offset
   * @param end each partition's end offset
   */
  static GroupLag of(
      Collection<TopicPartition> partitions,
      Map<TopicPartition, Long> committed,
      Set<String> assigned,
      Map<TopicPartition, Long> start,
      Map<TopicPartition, Long> end) {
    Set<String> read = new HashSet<>(assigned);
    committed.keySet().forEach(tp -> read.add(tp.topic()));
    boolean started = !read.isEmpty();
    long total = 0;
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Long last = end.get(tp);
      if (last == null || (started && !read.contains(tp.topic()))) {
        continue;
      }
      Long position = committed.get(tp);
      if (position == null) {
        position = start.getOrDefault(tp, 0L);
      }
      total += Math.max(0, last - position);
      positions.put(tp, Math.min(last, position));
    }
    return new GroupLag(total, started, positions);
  }
}
