package io.mongoelastic.source.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.codecs.DecoderContext;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class MappedDocumentCodecTest {
  private static final UUID UUID_VALUE = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");

  private static MappedDocument decode(BsonDocument document, BsonValueMapper mapper) {
    RawBsonDocument raw = new RawBsonDocument(document, new org.bson.codecs.BsonDocumentCodec());
    try (BsonBinaryReader reader = new BsonBinaryReader(raw.getByteBuffer().asNIO())) {
      return new MappedDocumentCodec(mapper).decode(reader, DecoderContext.builder().build());
    }
  }

  static BsonDocument everyType(BsonValue id) {
    BsonDocument scope = new BsonDocument("x", new BsonInt32(1));
    BsonDocument nested =
        new BsonDocument("ts", new BsonTimestamp(10, 2))
            .append("bin", new BsonBinary(new byte[] {1, 2, 3}))
            .append("deep", new BsonArray(List.of(new BsonArray(List.of(new BsonMinKey())))));
    return new BsonDocument("_id", id)
        .append("string", new BsonString("é"))
        .append("int32", new BsonInt32(-7))
        .append("int64", new BsonInt64(9007199254740993L))
        .append("double", new BsonDouble(1.5))
        .append("nan", new BsonDouble(Double.NaN))
        .append("inf", new BsonDouble(Double.POSITIVE_INFINITY))
        .append("negInf", new BsonDouble(Double.NEGATIVE_INFINITY))
        .append("decimal", new BsonDecimal128(Decimal128.parse("12345678901234567890.1234567890")))
        .append("decimalNaN", new BsonDecimal128(Decimal128.NaN))
        .append("true", BsonBoolean.TRUE)
        .append("null", BsonNull.VALUE)
        .append("undefined", new BsonUndefined())
        .append("oid", new BsonObjectId(new ObjectId("5f1b2c3d4e5f60718293a4b5")))
        .append("date", new BsonDateTime(-62_167_219_200_001L))
        .append("timestamp", new BsonTimestamp(-1, -1))
        .append("uuid", new BsonBinary(UUID_VALUE))
        .append("legacyUuid", new BsonBinary(UUID_VALUE, UuidRepresentation.JAVA_LEGACY))
        .append("binary", new BsonBinary(BsonBinarySubType.MD5, new byte[16]))
        .append("regex", new BsonRegularExpression("^a.*", "im"))
        .append("code", new BsonJavaScript("f()"))
        .append("codeWithScope", new BsonJavaScriptWithScope("g(x)", scope))
        .append("symbol", new BsonSymbol("sym"))
        .append("pointer", new BsonDbPointer("db.c", new ObjectId("5f1b2c3d4e5f60718293a4b6")))
        .append("min", new BsonMinKey())
        .append("max", new BsonMaxKey())
        .append("nested", nested)
        .append(
            "array",
            new BsonArray(List.of(new BsonInt32(1), nested, new BsonString("s"), BsonNull.VALUE)))
        .append("empty", new BsonDocument())
        .append("emptyArray", new BsonArray());
  }

  @Test
  void decodesEveryBsonTypeToTheSameValueAsTheMapper() {
    BsonValueMapper mapper = new BsonValueMapper();
    for (BsonValue id :
        List.of(
            new BsonObjectId(new ObjectId("5f1b2c3d4e5f60718293a4b5")),
            new BsonString("user-1"),
            new BsonInt64(42),
            new BsonDocument("a", new BsonInt32(1)).append("b", new BsonString("x")))) {
      BsonDocument document = everyType(id);

      MappedDocument decoded = decode(document, mapper);

      assertThat(decoded.id()).isEqualTo(id);
      assertThat(decoded.value()).isEqualTo(mapper.toConnectValue(document));
      assertThat(decoded.value().keySet())
          .containsExactlyElementsOf(mapper.toConnectValue(document).keySet());
    }
  }

  @Test
  void usesTheMappersLegacyUuidByteOrder() {
    BsonValueMapper javaLegacy = new BsonValueMapper(UuidRepresentation.JAVA_LEGACY);
    BsonDocument document =
        new BsonDocument("_id", new BsonInt32(1))
            .append("u", new BsonBinary(UUID_VALUE, UuidRepresentation.JAVA_LEGACY));

    assertThat(decode(document, javaLegacy).value().get("u")).isEqualTo(UUID_VALUE.toString());
  }
}
