package io.mongoelastic.source.record;

import java.util.Map;
import org.bson.BsonValue;

/**
 * A document already mapped to its Kafka Connect value, with its {@code _id} kept as BSON for the
 * record key and the source offset.
 *
 * @param id the document's {@code _id}
 * @param value the document as {@link BsonValueMapper#toConnectValue(org.bson.BsonDocument)} maps
 *     it
 */
public record MappedDocument(BsonValue id, Map<String, Object> value) {}
