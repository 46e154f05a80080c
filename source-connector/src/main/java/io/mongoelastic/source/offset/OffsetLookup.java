package io.mongoelastic.source.offset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** Typed reads of committed offsets (the worker's offset store, shared by all tasks). */
public final class OffsetLookup {
  private final OffsetStorageReader reader;

  public OffsetLookup(OffsetStorageReader reader) {
    this.reader = reader;
  }

  /** Null when nothing is stored. */
  public CollectionOffset collection(String namespace) {
    Map<String, Object> offset = reader.offset(new CollectionPartition(namespace).toMap());
    return CollectionOffset.fromMap(offset);
  }

  /**
   * The stored offsets of several collections in one read of the offset store (the worker reads its
   * offsets topic to the end for every call: one call per collection of a task owning 1,000 of them
   * would take that many round trips). Namespaces with nothing stored map to null.
   */
  public Map<String, CollectionOffset> collections(List<String> namespaces) {
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (String namespace : namespaces) {
      partitions.add(new CollectionPartition(namespace).toMap());
    }
    Map<Map<String, Object>, Map<String, Object>> stored = reader.offsets(partitions);
    Map<String, CollectionOffset> result = new HashMap<>();
    for (int i = 0; i < namespaces.size(); i++) {
      Map<String, Object> offset = stored == null ? null : stored.get(partitions.get(i));
      result.put(namespaces.get(i), CollectionOffset.fromMap(offset));
    }
    return result;
  }

  public RangeOffset range(RangePartition partition) {
    return RangeOffset.fromMap(reader.offset(partition.toMap()));
  }
}
