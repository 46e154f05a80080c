package io.mongoelastic.sink.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class DocumentSerializerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DocumentId PLAIN = new DocumentId("1", null);
  private static final DocumentId HASHED =
      new DocumentId("sha256:abc", "very long original \"id\"");

  private final DocumentSerializer serializer = new DocumentSerializer();

  private static String text(DocumentSource source) {
    return new String(source.toByteArray(), StandardCharsets.UTF_8);
  }

  private String serialize(Object value, DocumentId id) {
    return text(serializer.serialize(value, null, id));
  }

  private MalformedDocumentException malformed(Object value, DocumentId id) {
    try {
      serializer.serialize(value, null, id);
    } catch (MalformedDocumentException e) {
      return e;
    }
    throw new AssertionError("expected a malformed document");
  }

  @Test
  void writesSchemalessMapsAsCompactJson() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "Ada");
    value.put("age", 36L);
    value.put("score", 1.5d);
    value.put("tags", List.of("a", "b"));
    value.put("address", Map.of("city", "London"));
    value.put("none", null);
    value.put("raw", new byte[] {1, 2, 3});
    assertThat(serialize(value, PLAIN))
        .isEqualTo(
            "{\"name\":\"Ada\",\"age\":36,\"score\":1.5,\"tags\":[\"a\",\"b\"],"
                + "\"address\":{\"city\":\"London\"},\"none\":null,\"raw\":\"AQID\"}");
  }

  @Test
  void dropsTheTopLevelIdFieldThatElasticsearchRefuses() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("_id", "65a1");
    value.put("nested", Map.of("_id", "kept"));
    assertThat(serialize(value, PLAIN)).isEqualTo("{\"nested\":{\"_id\":\"kept\"}}");
  }

  @Test
  void storesTheOriginalOfAHashedIdInTheDocument() throws Exception {
    JsonNode document = MAPPER.readTree(serialize(Map.of("a", 1), HASHED));
    assertThat(document.get(DocumentSerializer.ORIGINAL_ID_FIELD).asText())
        .isEqualTo(HASHED.original());
    assertThat(document.get("a").asInt()).isEqualTo(1);
  }

  @Test
  void convertsStructsWithLogicalTypes() throws Exception {
    Schema address = SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA).build();
    Schema schema =
        SchemaBuilder.struct()
            .field("born", Date.SCHEMA)
            .field("wakes", Time.SCHEMA)
            .field("seen", Timestamp.SCHEMA)
            .field("price", Decimal.schema(2))
            .field("photo", Schema.BYTES_SCHEMA)
            .field("ratio", Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("address", address)
            .field("scores", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.FLOAT64_SCHEMA).build())
            .field("nicknames", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .build();
    long millis = 1_706_708_730_123L; // 2024-01-31T13:45:30.123Z
    Struct value =
        new Struct(schema)
            .put("born", new java.util.Date(19_753L * 86_400_000L))
            .put("wakes", new java.util.Date(6 * 3_600_000L + 30 * 60_000L))
            .put("seen", new java.util.Date(millis))
            .put("price", new BigDecimal("12.30"))
            .put("photo", new byte[] {(byte) 0xfb, (byte) 0xff})
            .put("ratio", null)
            .put("address", new Struct(address).put("city", "Paris"))
            .put("scores", Map.of(7, 0.5d))
            .put("nicknames", List.of("x"));
    String json = text(serializer.serialize(value, schema, PLAIN));
    assertThat(json)
        .isEqualTo(
            "{\"born\":\"2024-01-31\",\"wakes\":\"06:30:00.000\",\"seen\":\"2024-01-31T13:45:30.123Z\","
                + "\"price\":12.30,\"photo\":\"+/8=\",\"ratio\":null,\"address\":{\"city\":\"Paris\"},"
                + "\"scores\":{\"7\":0.5},\"nicknames\":[\"x\"]}");
  }

  @Test
  void reportsNonFiniteNumbersWithTheirFieldPath() {
    Map<String, Object> value =
        Map.of("outer", Map.of("list", List.of(1.0d, Double.POSITIVE_INFINITY)));
    MalformedDocumentException e = malformed(value, PLAIN);
    assertThat(e.path()).isEqualTo("/outer/list/1");
    assertThat(e.reason()).contains("non-finite");
    assertThat(malformed(Map.of("f", Float.NaN), PLAIN).path()).isEqualTo("/f");
  }

  @Test
  void passesJsonBytesThroughWithoutCopying() {
    byte[] bytes =
        "{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{\"d\":2.5e3}}".getBytes(StandardCharsets.UTF_8);
    DocumentSource source = serializer.serialize(bytes, null, PLAIN);
    assertThat(source.toByteArray()).isEqualTo(bytes);
    assertThat(source.length()).isEqualTo(bytes.length);
  }

  @Test
  void passesJsonStringsThroughByteForByte() {
    String json = "{ \"name\" : \"Zoë\",  \"n\": 1.10 }";
    assertThat(serialize(json, PLAIN)).isEqualTo(json);
  }

  @Test
  void passesASliceOfAByteBufferThrough() {
    byte[] backing = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.wrap(backing, 2, 7).slice();
    assertThat(serialize(buffer, PLAIN)).isEqualTo("{\"a\":1}");
    ByteBuffer direct =
        ByteBuffer.allocateDirect(7).put("{\"a\":2}".getBytes(StandardCharsets.UTF_8)).flip();
    assertThat(serialize(direct, PLAIN)).isEqualTo("{\"a\":2}");
  }

  @Test
  void replacesLineBreaksBetweenTokensAndDropsSurroundingBlanks() {
    String pretty = "\n  {\n  \"a\": \"line\\nbreak\",\r\n  \"b\": 2\n}\n";
    String line = serialize(pretty, PLAIN);
    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    assertThat(line).isEqualTo("{   \"a\": \"line\\nbreak\",    \"b\": 2 }");
  }

  @Test
  void dropsAUtf8ByteOrderMark() {
    byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[json.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(json, 0, withBom, 3, json.length);
    assertThat(serialize(withBom, PLAIN)).isEqualTo("{\"a\":1}");
  }

  @Test
  void cutsATopLevelIdOutOfJsonText() {
    assertThat(serialize("{\"_id\":{\"$oid\":\"x\"},\"a\":1}", PLAIN)).isEqualTo("{\"a\":1}");
    assertThat(serialize("{\"a\":1, \"_id\" : 5 ,\"b\":2}", PLAIN)).isEqualTo("{\"a\":1, \"b\":2}");
    assertThat(serialize("{\"a\":1 , \"_id\":\"s\"}", PLAIN)).isEqualTo("{\"a\":1 }");
    assertThat(serialize("{ \"_id\":[1,2] }", PLAIN)).isEqualTo("{ }");
    assertThat(serialize("{\"a\":{\"_id\":1}}", PLAIN)).isEqualTo("{\"a\":{\"_id\":1}}");
  }

  @Test
  void cutsTheIdOutOfASliceOfABuffer() {
    byte[] backing = "###{\"_id\":1,\"a\":2}###".getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.wrap(backing, 3, backing.length - 6).slice();
    assertThat(serialize(buffer, PLAIN)).isEqualTo("{\"a\":2}");
  }

  @Test
  void insertsTheOriginalOfAHashedIdIntoJsonText() throws Exception {
    for (String json :
        List.of("{\"a\":1}", "{}", "{\"_id\":7}", "{\"_id\":7,\"a\":1}", "{\"a\":1,\"_id\":7}")) {
      JsonNode document = MAPPER.readTree(serialize(json, HASHED));
      assertThat(document.get(DocumentSerializer.ORIGINAL_ID_FIELD).asText())
          .as(json)
          .isEqualTo(HASHED.original());
      assertThat(document.has("_id")).as(json).isFalse();
      assertThat(document.size()).as(json).isEqualTo(json.contains("\"a\"") ? 2 : 1);
    }
  }

  @Test
  void refusesADocumentThatAlreadyHasTheOriginalIdFieldWhenTheIdIsHashed() {
    String json = "{\"" + DocumentSerializer.ORIGINAL_ID_FIELD + "\":\"x\"}";
    assertThat(malformed(json, HASHED).path())
        .isEqualTo("/" + DocumentSerializer.ORIGINAL_ID_FIELD);
    assertThat(malformed(Map.of(DocumentSerializer.ORIGINAL_ID_FIELD, "x"), HASHED).path())
        .isEqualTo("/" + DocumentSerializer.ORIGINAL_ID_FIELD);
    assertThat(serialize(json, PLAIN)).isEqualTo(json);
  }

  @Test
  void passesMetadataNamesOtherThanIdToElasticsearchWhoseRefusalTheFallbackHandles() {
    assertThat(serialize("{\"_source\":{}}", PLAIN)).isEqualTo("{\"_source\":{}}");
    assertThat(serialize(Map.of("_routing", "r"), PLAIN)).isEqualTo("{\"_routing\":\"r\"}");
  }

  @Test
  void refusesTextThatIsNotOneJsonObject() {
    assertThat(malformed("[1,2]", PLAIN).reason()).isEqualTo("value is not a JSON object");
    assertThat(malformed("\"text\"", PLAIN).reason()).isEqualTo("value is not a JSON object");
    assertThat(malformed("{\"a\":1} {\"b\":2}", PLAIN).reason()).contains("after its JSON object");
    assertThat(malformed("{\"a\":1", PLAIN).reason()).contains("not valid JSON");
    assertThat(malformed("not json", PLAIN).reason()).contains("not valid JSON");
    assertThat(malformed(42L, PLAIN).reason()).contains("not a JSON object");
    assertThat(malformed(List.of(1), PLAIN).reason()).contains("not a JSON object");
  }

  @Test
  void neverPutsDocumentContentIntoTheMessage() {
    MalformedDocumentException e = malformed("{\"a\": secretvalue}", PLAIN);
    assertThat(e.getMessage()).doesNotContain("secretvalue");
  }

  @Test
  void refusesNaNAndInfinityInJsonText() {
    assertThat(malformed("{\"a\":NaN}", PLAIN).reason()).contains("NaN");
    assertThat(malformed("{\"a\":-Infinity}", PLAIN).reason()).contains("not valid JSON");
    MalformedDocumentException overflow = malformed("{\"a\":{\"b\":[1e400]}}", PLAIN);
    assertThat(overflow.path()).isEqualTo("/a/b/0");
    assertThat(overflow.reason()).contains("double range");
    char[] digits = new char[320];
    Arrays.fill(digits, '9');
    assertThat(malformed("{\"big\":" + new String(digits) + ".0}", PLAIN).path()).isEqualTo("/big");
    assertThat(serialize("{\"a\":1e300,\"b\":-2.5E-10}", PLAIN))
        .isEqualTo("{\"a\":1e300,\"b\":-2.5E-10}");
  }

  @Test
  void leavesDuplicateFieldNamesToElasticsearch() {
    String json = "{\"a\":{\"b\":1,\"b\":2}}";
    assertThat(serialize(json, PLAIN)).isEqualTo(json);
  }

  @Test
  void refusesTextThatIsNotUtf8() {
    byte[] utf16 = "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE);
    assertThat(malformed(utf16, PLAIN).reason()).contains("UTF-8");
  }

  @Test
  void cutsTheIdWhereverItStandsAndKeepsEverythingElse() throws Exception {
    String[] fields = {
      "\"a\":1", "\"b\":{\"c\":[1,{\"_id\":2}]}", "\"d\":\"x,}\\\"y\"", "\"e\":[]"
    };
    String[] separators = {",", " , ", ",\n  "};
    for (int position = 0; position <= fields.length; position++) {
      for (String separator : separators) {
        List<String> parts = new java.util.ArrayList<>(List.of(fields));
        parts.add(position, "\"_id\" : {\"$oid\":\"65a1\"}");
        String json = "{" + String.join(separator, parts) + "}";
        JsonNode expected = MAPPER.readTree("{" + String.join(",", fields) + "}");
        String line = serialize(json, PLAIN);
        assertThat(line).as(json).doesNotContain("\n");
        assertThat(MAPPER.readTree(line)).as(json).isEqualTo(expected);
      }
    }
  }

  @Test
  void reportsValuesThatDoNotMatchTheirLogicalType() {
    Schema schema = SchemaBuilder.map(Schema.STRING_SCHEMA, Timestamp.SCHEMA).build();
    MalformedDocumentException e =
        assertThrowsMalformed(() -> serializer.serialize(Map.of("t", 5L), schema, PLAIN));
    assertThat(e.path()).isEqualTo("/t");
  }

  private static MalformedDocumentException assertThrowsMalformed(Runnable action) {
    try {
      action.run();
    } catch (MalformedDocumentException e) {
      return e;
    }
    throw new AssertionError("expected a malformed document");
  }
}
