package io.mongoelastic.sink.index;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The indices of the topics a task is assigned, for work done before their first record (creating
 * an index, preparing a resync layout). Records are written to the index of their topic after the
 * sink's {@code transforms}; a router among them may rename the topic, so with transforms the
 * assigned topic's index may be one nothing is ever written to, and no index is known until the
 * first record.
 */
public final class AssignedTopicIndices {
  private final IndexNameResolver names;
  private final boolean known;

  /**
   * @param transforms the connector's {@code transforms} setting, null or blank when none
   */
  public AssignedTopicIndices(IndexNameResolver names, String transforms) {
    this.names = names;
    this.known = transforms == null || transforms.isBlank();
  }

  /** Whether records are written to the index of the topic they were read from. */
  public boolean known() {
    return known;
  }

  /** The indices of these partitions' topics, in order; empty when not {@link #known()}. */
  public Set<String> of(Collection<TopicPartition> partitions) {
    Set<String> indices = new LinkedHashSet<>();
    if (known) {
      partitions.forEach(partition -> indices.add(names.resolve(partition.topic())));
    }
    return indices;
  }
}
