package io.mongoelastic.source.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;

/**
 * Decodes documents straight from the wire into their Kafka Connect value, without building a
 * {@code BsonDocument} first: the snapshot reads every document once, and the intermediate tree
 * cost as much CPU as the mapping itself.
 *
 * <p>The result equals {@link BsonValueMapper#toConnectValue(org.bson.BsonDocument)} of the same
 * document: the common types (strings, numbers, booleans, null, ObjectId, dates, documents, arrays)
 * are read directly with the mapper's own conversions, every other type is read as a {@link
 * BsonValue} and handed to the mapper. Decode only.
 */
public final class MappedDocumentCodec implements Codec<MappedDocument> {
  private static final String ID = "_id";

  private final BsonValueMapper mapper;
  private final BsonValueCodec valueCodec = new BsonValueCodec();

  public MappedDocumentCodec(BsonValueMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  @Override
  public MappedDocument decode(BsonReader reader, DecoderContext context) {
    Map<String, Object> value = new LinkedHashMap<>();
    BsonValue id = null;
    reader.readStartDocument();
    while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = reader.readName();
      if (ID.equals(name)) {
        id = valueCodec.decode(reader, context);
        value.put(name, mapper.toConnectValue(id));
      } else {
        value.put(name, readValue(reader, context));
      }
    }
    reader.readEndDocument();
    return new MappedDocument(id, value);
  }

  private Object readValue(BsonReader reader, DecoderContext context) {
    switch (reader.getCurrentBsonType()) {
      case DOCUMENT:
        Map<String, Object> map = new LinkedHashMap<>();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
          String name = reader.readName();
          map.put(name, readValue(reader, context));
        }
        reader.readEndDocument();
        return map;
      case ARRAY:
        List<Object> list = new ArrayList<>();
        reader.readStartArray();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
          list.add(readValue(reader, context));
        }
        reader.readEndArray();
        return list;
      case STRING:
        return reader.readString();
      case INT32:
        return reader.readInt32();
      case INT64:
        return reader.readInt64();
      case DOUBLE:
        return BsonValueMapper.mapDouble(reader.readDouble());
      case BOOLEAN:
        return reader.readBoolean();
      case NULL:
        reader.readNull();
        return null;
      case OBJECT_ID:
        return reader.readObjectId().toHexString();
      case DATE_TIME:
        return BsonDateFormatter.format(reader.readDateTime());
      default:
        return mapper.toConnectValue(valueCodec.decode(reader, context));
    }
  }

  @Override
  public void encode(BsonWriter writer, MappedDocument value, EncoderContext context) {
    throw new UnsupportedOperationException("MappedDocument is read-only");
  }

  @Override
  public Class<MappedDocument> getEncoderClass() {
    return MappedDocument.class;
  }
}
