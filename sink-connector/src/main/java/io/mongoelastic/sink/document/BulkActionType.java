package io.mongoelastic.sink.document;

/** The bulk actions the sink sends. */
public enum BulkActionType {
  /** Create or replace the document; takes a source line. */
  INDEX,
  /** Merge into the document, creating it when missing ({@code doc_as_upsert}); takes a source. */
  UPSERT,
  /** Delete the document; no source line. */
  DELETE
}
