package io.mongoelastic.common.record;

import java.util.Objects;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;

/**
 * Names of the headers the source sets on every record, and a builder for them.
 *
 * <p>Document records carry {@link #OPERATION}, {@link #NAMESPACE} and {@link #SOURCE_VERSION}.
 * Control records carry {@link #CONTROL}, {@link #SNAPSHOT_ID}, {@link #SNAPSHOT_REASON}, {@link
 * #PARTITION_COUNT} and {@link #NAMESPACE}; consumers skip every record that has a {@link #CONTROL}
 * header.
 */
public final class SourceRecordHeaders {

  /** String: {@link Operation#wireValue()}. */
  public static final String OPERATION = "mongoelastic.operation";

  /** String: {@code <database>.<collection>}. */
  public static final String NAMESPACE = "mongoelastic.namespace";

  /** Int64: see {@link SourceVersion}. */
  public static final String SOURCE_VERSION = "mongoelastic.source.version";

  /** String: {@link ControlRecordType#wireValue()}; present only on control records. */
  public static final String CONTROL = "mongoelastic.control";

  /** String: the snapshot a control record belongs to. */
  public static final String SNAPSHOT_ID = "mongoelastic.snapshot.id";

  /** String: {@link SnapshotReason#wireValue()}; present only on control records. */
  public static final String SNAPSHOT_REASON = "mongoelastic.snapshot.reason";

  /**
   * Int32: how many partitions of the topic carry this marker, i.e. how many end markers complete
   * the snapshot; present only on control records, and only when the source knows the count.
   */
  public static final String PARTITION_COUNT = "mongoelastic.partition.count";

  private SourceRecordHeaders() {}

  /** Headers of a document record. */
  public static Headers forDocument(Operation operation, String namespace, long sourceVersion) {
    return builder().operation(operation).namespace(namespace).sourceVersion(sourceVersion).build();
  }

  /** Headers of a control record; {@link #PARTITION_COUNT} only when the count is known. */
  public static Headers forControl(SnapshotMarker marker) {
    Builder builder =
        builder()
            .control(marker.type())
            .namespace(marker.namespace())
            .snapshotId(marker.snapshotId())
            .snapshotReason(marker.reason());
    if (marker.partitionCount() != null) {
      builder.partitionCount(marker.partitionCount());
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adds headers in a fixed order; each setter may be called at most once. */
  public static final class Builder {
    private final ConnectHeaders headers = new ConnectHeaders();

    private Builder() {}

    public Builder operation(Operation operation) {
      headers.addString(OPERATION, Objects.requireNonNull(operation, "operation").wireValue());
      return this;
    }

    public Builder namespace(String namespace) {
      headers.addString(NAMESPACE, Objects.requireNonNull(namespace, "namespace"));
      return this;
    }

    public Builder sourceVersion(long sourceVersion) {
      headers.addLong(SOURCE_VERSION, sourceVersion);
      return this;
    }

    public Builder control(ControlRecordType type) {
      headers.addString(CONTROL, Objects.requireNonNull(type, "type").wireValue());
      return this;
    }

    public Builder snapshotId(String snapshotId) {
      headers.addString(SNAPSHOT_ID, Objects.requireNonNull(snapshotId, "snapshotId"));
      return this;
    }

    public Builder snapshotReason(SnapshotReason reason) {
      headers.addString(SNAPSHOT_REASON, Objects.requireNonNull(reason, "reason").wireValue());
      return this;
    }

    public Builder partitionCount(int partitionCount) {
      headers.addInt(PARTITION_COUNT, partitionCount);
      return this;
    }

    public ConnectHeaders build() {
      return headers;
    }
  }
}
