package io.mongoelastic.sink.document;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One bulk action for one record, ready to be written as NDJSON by {@link BulkActionWriter}.
 *
 * @param type what to do
 * @param index the target index (or alias) name
 * @param id the document id
 * @param routing the routing value, or null for Elasticsearch's default (the id)
 * @param pipeline the ingest pipeline, or null; only for {@link BulkActionType#INDEX}
 * @param version the external version, or empty; not for {@link BulkActionType#UPSERT}
 * @param source the document, for {@link BulkActionType#INDEX} and {@link BulkActionType#UPSERT};
 *     null for {@link BulkActionType#DELETE}
 */
public record BulkAction(
    BulkActionType type,
    String index,
    DocumentId id,
    String routing,
    String pipeline,
    OptionalLong version,
    DocumentSource source) {

  /**
   * @throws IllegalArgumentException for combinations Elasticsearch refuses: an upsert with an
   *     external version or a pipeline, a delete with a source, an index or upsert without one
   */
  public BulkAction {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    if (type == BulkActionType.UPSERT && version.isPresent()) {
      throw new IllegalArgumentException(
          "Elasticsearch update actions do not support external versions: use document.version.source=none"
              + " with write.method=upsert");
    }
    if (type != BulkActionType.INDEX && pipeline != null) {
      throw new IllegalArgumentException("only index actions take an ingest pipeline");
    }
    if ((type == BulkActionType.DELETE) != (source == null)) {
      throw new IllegalArgumentException(
          type == BulkActionType.DELETE ? "a delete has no source" : type + " needs a source");
    }
  }

  /** The same action for another index (a resync writes one record to several). */
  public BulkAction withIndex(String otherIndex) {
    return new BulkAction(type, otherIndex, id, routing, pipeline, version, source);
  }
}
