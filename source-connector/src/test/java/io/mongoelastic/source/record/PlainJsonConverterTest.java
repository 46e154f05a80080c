package io.mongoelastic.source.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class PlainJsonConverterTest {

  private static <C extends JsonConverter> C configured(C converter, boolean isKey) {
    converter.configure(Map.of("schemas.enable", "false"), isKey);
    return converter;
  }

  private static void assertSameBytes(Schema schema, Object value) {
    byte[] expected = configured(new JsonConverter(), false).fromConnectData("t", schema, value);
    byte[] actual = configured(new PlainJsonConverter(), false).fromConnectData("t", schema, value);
    assertThat(actual == null ? null : new String(actual, StandardCharsets.UTF_8))
        .isEqualTo(expected == null ? null : new String(expected, StandardCharsets.UTF_8));
    assertThat(actual).isEqualTo(expected);
  }

  private static String everyChar() {
    StringBuilder text = new StringBuilder();
    for (char c = 0; c < 0x181; c++) {
      text.append(c);
    }
    return text.append("\"\\/ 中文 \uD83D\uDE00 \uFFFF lone \uD800 \uDC00 end").toString();
  }

  @Test
  void writesEveryMappedBsonTypeLikeJsonConverter() {
    BsonValueMapper mapper = new BsonValueMapper();
    BsonDocument document =
        MappedDocumentCodecTest.everyType(new BsonObjectId(new ObjectId()))
            .append("text", new org.bson.BsonString(everyChar()))
            .append("small", new org.bson.BsonDouble(1e-7))
            .append("large", new org.bson.BsonDouble(1.2345e300))
            .append("negZero", new org.bson.BsonDouble(-0.0))
            .append("minInt", new BsonInt32(Integer.MIN_VALUE))
            .append("minLong", new org.bson.BsonInt64(Long.MIN_VALUE));

    assertSameBytes(null, mapper.toConnectValue(document));
  }

  @Test
  void writesKeysAndScalarsLikeJsonConverter() {
    assertSameBytes(Schema.STRING_SCHEMA, "~doc:{\"a\":\"1\"}");
    assertSameBytes(Schema.STRING_SCHEMA, everyChar());
    assertSameBytes(null, "plain");
    assertSameBytes(null, 5L);
    assertSameBytes(null, null);
    assertSameBytes(Schema.OPTIONAL_STRING_SCHEMA, null);
  }

  @Test
  void leavesWhatItDoesNotWriteToJsonConverter() {
    Map<Object, Object> intKeys = new LinkedHashMap<>();
    intKeys.put(1, "one");
    List<Object> odd = new ArrayList<>(List.of(1.5f, (short) 2));
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("intKeys", intKeys);
    nested.put("odd", odd);
    nested.put("nan", Double.NaN);

    assertSameBytes(null, intKeys);
    assertSameBytes(null, nested);
    assertSameBytes(Schema.INT64_SCHEMA, 7L);
  }

  @Test
  void keepsTheSchemaEnvelopeWhenSchemasAreEnabled() {
    JsonConverter expected = new JsonConverter();
    expected.configure(Map.of(), false);
    PlainJsonConverter actual = new PlainJsonConverter();
    actual.configure(Map.of(), false);
    Map<String, Object> value = Map.of("a", 1);

    assertThat(actual.fromConnectData("t", null, value))
        .isEqualTo(expected.fromConnectData("t", null, value));
  }
}
