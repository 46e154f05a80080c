/**
 * BSON to Kafka Connect record mapping for the MongoDB source: the record key ({@link
 * io.mongoelastic.source.record.DocumentIdEncoder}), the schemaless value ({@link
 * io.mongoelastic.source.record.BsonValueMapper}), the headers ({@link
 * io.mongoelastic.common.record.SourceRecordHeaders}, shared with consumers in common) and the
 * records themselves ({@link io.mongoelastic.source.record.SourceRecordFactory}). Pure logic: no
 * I/O, no driver sessions. The user-facing contract is {@code
 * docs/mongodb-source-record-format.md}.
 */
package io.mongoelastic.source.record;
