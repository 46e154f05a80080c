package io.mongoelastic.sink.document;

/** What a sink record is, as far as writing to Elasticsearch goes. */
public enum RecordKind {
  /** A control record (snapshot marker): nothing to write; acknowledge it. */
  CONTROL,
  /** A tombstone (null value): handled per {@link NullValueBehavior}. */
  TOMBSTONE,
  /** A record carrying a document. */
  DOCUMENT
}
