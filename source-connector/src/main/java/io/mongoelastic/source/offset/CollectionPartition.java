package io.mongoelastic.source.offset;

import java.util.Map;

/**
 * The source partition of one collection: its snapshot phase and change-stream position. Written by
 * the task that owns the collection (markers, change events, heartbeats).
 */
public record CollectionPartition(String namespace) {
  static final String NAMESPACE = "namespace";

  public Map<String, Object> toMap() {
    return Map.of(NAMESPACE, namespace);
  }

  public static CollectionPartition fromMap(Map<String, ?> map) {
    return new CollectionPartition(OffsetValues.string(map, NAMESPACE));
  }
}
