/**
 * Record → bulk action: the pure logic that turns one Kafka {@code SinkRecord} into the NDJSON
 * bytes of one Elasticsearch bulk action, without network access.
 *
 * <p>{@link io.mongoelastic.sink.document.BulkActionMapper} ties it together: {@link
 * io.mongoelastic.sink.document.RecordClassifier} (control record, tombstone, document), {@link
 * io.mongoelastic.sink.document.DocumentIdResolver} (key → {@code _id}), {@link
 * io.mongoelastic.sink.document.DocumentSerializer} (value → document bytes; JSON text passes
 * through), {@link io.mongoelastic.sink.document.ExternalVersionResolver} (external version); then
 * {@link io.mongoelastic.sink.document.BulkActionWriter} appends the action to the request body.
 * Problems with one record are {@link io.mongoelastic.sink.document.MalformedDocumentException}s,
 * raised before anything is sent, for the {@code behavior.on.malformed.documents} policy. The
 * behaviour enums own their config values, validators, defaults and documentation.
 */
package io.mongoelastic.sink.document;
