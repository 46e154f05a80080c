package io.mongoelastic.sink.document;

import io.mongoelastic.sink.index.IndexNameResolver;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns one sink record into its bulk action: control records and ignored tombstones give none
 * (acknowledge them), tombstones give deletes, documents give index or upsert actions. The index
 * comes from the record's current topic (after transforms); the id and the {@code kafka_offset}
 * version from its original coordinates. Thread-safe.
 */
public final class BulkActionMapper {
  private final RecordClassifier classifier = new RecordClassifier();
  private final DocumentIdResolver ids = new DocumentIdResolver();
  private final DocumentSerializer serializer = new DocumentSerializer();
  private final IndexNameResolver indexNames;
  private final VersionSource versionSource;
  private final ExternalVersionResolver versions;
  private final WriteMethod writeMethod;
  private final NullValueBehavior nullValues;
  private final String pipeline;
  private final Function<DocumentId, String> routing;

  /**
   * @param indexNames topic → index
   * @param versionSource where versions come from; must be {@code NONE} with {@code UPSERT}
   * @param writeMethod index or upsert
   * @param nullValues what tombstones do
   * @param pipeline the ingest pipeline for index actions, or null
   * @param routing the routing value for a document id, or null for none
   * @throws IllegalArgumentException when the write method conflicts with the other settings
   */
  public BulkActionMapper(
      IndexNameResolver indexNames,
      VersionSource versionSource,
      WriteMethod writeMethod,
      NullValueBehavior nullValues,
      String pipeline,
      Function<DocumentId, String> routing) {
    writeMethod
        .conflictWith(versionSource, pipeline != null)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    this.indexNames = indexNames;
    this.versionSource = versionSource;
    this.versions = new ExternalVersionResolver(versionSource);
    this.writeMethod = writeMethod;
    this.nullValues = nullValues;
    this.pipeline = pipeline;
    this.routing = routing;
  }

  /** Where the versions of the actions come from. */
  public VersionSource versionSource() {
    return versionSource;
  }

  /**
   * The action for {@code record}, or empty when there is nothing to write (acknowledge it).
   *
   * @throws MalformedDocumentException apply {@link MalformedDocumentBehavior}
   * @throws ConnectException a tombstone under {@link NullValueBehavior#FAIL}: fail the task
   */
  public Optional<BulkAction> map(SinkRecord record) {
    RecordKind kind = classifier.classify(record);
    if (kind == RecordKind.CONTROL) {
      return Optional.empty();
    }
    if (kind == RecordKind.TOMBSTONE) {
      return switch (nullValues) {
        case IGNORE -> Optional.empty();
        case FAIL ->
            throw new ConnectException(
                "Record "
                    + coordinates(record)
                    + " has a null value (tombstone) and behavior.on.null.values=fail; set it to"
                    + " 'delete' or 'ignore' to accept tombstones.");
        case DELETE -> Optional.of(delete(record));
      };
    }
    DocumentId id = ids.resolve(record);
    DocumentSource source = serializer.serialize(record.value(), record.valueSchema(), id);
    String index = indexNames.resolve(record.topic());
    BulkActionType type =
        writeMethod == WriteMethod.UPSERT ? BulkActionType.UPSERT : BulkActionType.INDEX;
    return Optional.of(
        new BulkAction(
            type,
            index,
            id,
            routing == null ? null : routing.apply(id),
            type == BulkActionType.INDEX ? pipeline : null,
            type == BulkActionType.UPSERT ? OptionalLong.empty() : versions.resolve(record),
            source));
  }

  private BulkAction delete(SinkRecord record) {
    if (record.key() == null) {
      throw new MalformedDocumentException(
          "tombstone without a key: there is no document id to delete", "");
    }
    DocumentId id = ids.resolve(record);
    return new BulkAction(
        BulkActionType.DELETE,
        indexNames.resolve(record.topic()),
        id,
        routing == null ? null : routing.apply(id),
        null,
        versions.resolve(record),
        null);
  }

  private static String coordinates(SinkRecord record) {
    return record.originalTopic()
        + "-"
        + record.originalKafkaPartition()
        + "@"
        + record.originalKafkaOffset();
  }
}
