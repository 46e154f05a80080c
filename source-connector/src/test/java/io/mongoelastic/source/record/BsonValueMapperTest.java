package io.mongoelastic.source.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.json.JsonConverter;
import org.bson.BsonArray;
import org.bson.BsonBinary;
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
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class BsonValueMapperTest {

  private static final UUID UUID_VALUE = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");

  private final BsonValueMapper mapper = new BsonValueMapper();

  private Object map(BsonValue value) {
    return mapper.toConnectValue(value);
  }

  @Test
  void mapsObjectIdToHex() {
    assertThat(map(new BsonObjectId(new ObjectId("5f1b2c3d4e5f60718293a4b5"))))
        .isEqualTo("5f1b2c3d4e5f60718293a4b5");
  }

  @Test
  void mapsDatesToIsoUtcWithMillisIncludingBefore1970AndFarYears() {
    assertThat(map(new BsonDateTime(0))).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(map(new BsonDateTime(1_700_000_000_123L))).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(map(new BsonDateTime(-1))).isEqualTo("1969-12-31T23:59:59.999Z");
    assertThat(map(new BsonDateTime(Instant.parse("1520-07-28T09:46:40.007Z").toEpochMilli())))
        .isEqualTo("1520-07-28T09:46:40.007Z");
    assertThat(map(new BsonDateTime(-62_135_596_800_001L))).isEqualTo("0000-12-31T23:59:59.999Z");
    assertThat(map(new BsonDateTime(-62_167_219_200_001L))).isEqualTo("-0001-12-31T23:59:59.999Z");
    assertThat(map(new BsonDateTime(253_402_300_800_000L))).isEqualTo("+10000-01-01T00:00:00.000Z");
    assertThat(map(new BsonDateTime(Long.MAX_VALUE))).isEqualTo("+292278994-08-17T07:12:55.807Z");
    assertThat(map(new BsonDateTime(Long.MIN_VALUE))).isEqualTo("-292275055-05-16T16:47:04.192Z");
  }

  @Test
  void dateTextParsesBackToTheSameInstant() {
    for (long millis :
        new long[] {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, -62_167_219_200_001L}) {
      assertThat(BsonDateFormatter.parse(BsonDateFormatter.format(millis))).isEqualTo(millis);
    }
  }

  @Test
  void mapsDecimal128ToExactTextIncludingSpecialValues() {
    assertThat(map(new BsonDecimal128(Decimal128.parse("1234567890123456789012345678901234"))))
        .isEqualTo("1234567890123456789012345678901234");
    assertThat(map(new BsonDecimal128(Decimal128.parse("0.1234567890123456789012345678901234"))))
        .isEqualTo("0.1234567890123456789012345678901234");
    assertThat(map(new BsonDecimal128(Decimal128.parse("1.50")))).isEqualTo("1.50");
    assertThat(map(new BsonDecimal128(Decimal128.parse("1E+3")))).isEqualTo("1E+3");
    assertThat(map(new BsonDecimal128(Decimal128.NEGATIVE_ZERO))).isEqualTo("-0");
    assertThat(map(new BsonDecimal128(Decimal128.NaN))).isEqualTo("NaN");
    assertThat(map(new BsonDecimal128(Decimal128.POSITIVE_INFINITY))).isEqualTo("Infinity");
    assertThat(map(new BsonDecimal128(Decimal128.NEGATIVE_INFINITY))).isEqualTo("-Infinity");
  }

  @Test
  void keepsInt64ExactBeyondTwoToThe53() {
    assertThat(map(new BsonInt64(9007199254740993L))).isEqualTo(9007199254740993L);
    assertThat(map(new BsonInt64(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    assertThat(map(new BsonInt32(-7))).isEqualTo(-7);
  }

  @Test
  void mapsNonFiniteDoublesToStrings() {
    assertThat(map(new BsonDouble(Double.NaN))).isEqualTo("NaN");
    assertThat(map(new BsonDouble(Double.POSITIVE_INFINITY))).isEqualTo("Infinity");
    assertThat(map(new BsonDouble(Double.NEGATIVE_INFINITY))).isEqualTo("-Infinity");
    assertThat(map(new BsonDouble(2.5))).isEqualTo(2.5);
  }

  @Test
  void mapsBinaryToBase64AndUuidsToText() {
    assertThat(map(new BsonBinary(new byte[] {1, 2, 3, (byte) 0xff}))).isEqualTo("AQID/w==");
    assertThat(map(new BsonBinary((byte) 0x80, new byte[0]))).isEqualTo("");
    assertThat(map(new BsonBinary(UUID_VALUE))).isEqualTo(UUID_VALUE.toString());
    // A subtype 4 value that is not 16 bytes is no UUID.
    assertThat(map(new BsonBinary(BsonBinarySubType.UUID_STANDARD, new byte[] {1})))
        .isEqualTo("AQ==");
  }

  @Test
  void mapsLegacyUuidsInTheConfiguredByteOrder() {
    BsonBinary javaLegacy = new BsonBinary(UUID_VALUE, UuidRepresentation.JAVA_LEGACY);
    assertThat(javaLegacy.getType()).isEqualTo(BsonBinarySubType.UUID_LEGACY.getValue());
    assertThat(new BsonValueMapper(UuidRepresentation.JAVA_LEGACY).toConnectValue(javaLegacy))
        .isEqualTo(UUID_VALUE.toString());
    BsonBinary stored = new BsonBinary(UUID_VALUE, UuidRepresentation.PYTHON_LEGACY);
    assertThat(map(stored)).isEqualTo(UUID_VALUE.toString());
    assertThatThrownBy(() -> new BsonValueMapper(UuidRepresentation.STANDARD))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mapsTimestampToSecondsAndIncrement() {
    assertThat(map(new BsonTimestamp(1_700_000_000, 5)))
        .isEqualTo(Map.of("t", 1_700_000_000L, "i", 5L));
    assertThat(map(new BsonTimestamp(-1, -1)))
        .isEqualTo(Map.of("t", 4294967295L, "i", 4294967295L));
  }

  @Test
  void mapsRegexCodeSymbolPointerAndKeys() {
    assertThat(map(new BsonRegularExpression("^a.*", "im")))
        .isEqualTo(Map.of("pattern", "^a.*", "options", "im"));
    assertThat(map(new BsonJavaScript("return 1"))).isEqualTo("return 1");
    assertThat(map(new BsonJavaScriptWithScope("x", new BsonDocument("x", new BsonInt32(1)))))
        .isEqualTo(Map.of("code", "x", "scope", Map.of("x", 1)));
    assertThat(map(new BsonSymbol("sym"))).isEqualTo("sym");
    assertThat(map(new BsonDbPointer("db.c", new ObjectId("5f1b2c3d4e5f60718293a4b5"))))
        .isEqualTo(Map.of("namespace", "db.c", "id", "5f1b2c3d4e5f60718293a4b5"));
    assertThat(map(new BsonMinKey())).isEqualTo("MinKey");
    assertThat(map(new BsonMaxKey())).isEqualTo("MaxKey");
  }

  @Test
  void mapsNullUndefinedBooleanAndString() {
    assertThat(map(BsonNull.VALUE)).isNull();
    assertThat(map(new BsonUndefined())).isNull();
    assertThat(map(BsonBoolean.TRUE)).isEqualTo(true);
    assertThat(map(new BsonString("é"))).isEqualTo("é");
  }

  @Test
  void mapsDeepNestingRecursivelyKeepingFieldOrder() {
    BsonValue leaf = new BsonInt32(42);
    for (int i = 0; i < 100; i++) {
      leaf = i % 2 == 0 ? new BsonDocument("d", leaf) : new BsonArray(List.of(leaf));
    }
    Object mapped = map(leaf);
    for (int i = 99; i >= 0; i--) {
      mapped = i % 2 == 0 ? ((Map<?, ?>) mapped).get("d") : ((List<?>) mapped).get(0);
    }
    assertThat(mapped).isEqualTo(42);

    BsonDocument ordered =
        new BsonDocument("z", new BsonInt32(1))
            .append("a", new BsonInt32(2))
            .append("m", BsonNull.VALUE);
    assertThat(mapper.toConnectValue(ordered).keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void jsonConverterWritesTheMappedDocumentAsPlainJson() {
    BsonDocument document =
        new BsonDocument("_id", new BsonObjectId(new ObjectId("5f1b2c3d4e5f60718293a4b5")))
            .append("name", new BsonString("Ada"))
            .append("age", new BsonInt32(36))
            .append("big", new BsonInt64(9007199254740993L))
            .append("score", new BsonDouble(1.5))
            .append("nan", new BsonDouble(Double.NaN))
            .append(
                "price", new BsonDecimal128(Decimal128.parse("12345678901234567890.1234567890123")))
            .append("born", new BsonDateTime(Instant.parse("1835-10-13T00:00:00Z").toEpochMilli()))
            .append("active", BsonBoolean.FALSE)
            .append("nothing", BsonNull.VALUE)
            .append("uuid", new BsonBinary(UUID_VALUE))
            .append("ts", new BsonTimestamp(10, 2))
            .append("re", new BsonRegularExpression("x", "i"))
            .append("min", new BsonMinKey())
            .append(
                "tags",
                new BsonArray(
                    List.of(new BsonString("a"), new BsonDocument("k", new BsonInt64(1)))));

    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", "false"), false);
    byte[] json = converter.fromConnectData("t", null, mapper.toConnectValue(document));

    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"_id\":\"5f1b2c3d4e5f60718293a4b5\",\"name\":\"Ada\",\"age\":36,"
                + "\"big\":9007199254740993,\"score\":1.5,\"nan\":\"NaN\","
                + "\"price\":\"12345678901234567890.1234567890123\","
                + "\"born\":\"1835-10-13T00:00:00.000Z\",\"active\":false,\"nothing\":null,"
                + "\"uuid\":\"00112233-4455-6677-8899-aabbccddeeff\",\"ts\":{\"t\":10,\"i\":2},"
                + "\"re\":{\"pattern\":\"x\",\"options\":\"i\"},\"min\":\"MinKey\","
                + "\"tags\":[\"a\",{\"k\":1}]}");
  }
}
