package io.mongoelastic.source.offset;

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

  public RangeOffset range(RangePartition partition) {
    return RangeOffset.fromMap(reader.offset(partition.toMap()));
  }
}
