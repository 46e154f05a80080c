package io.mongoelastic.sink.document;

import static io.mongoelastic.sink.document.Records.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.junit.jupiter.api.Test;

class DocumentIdResolverTest {
  private final DocumentIdResolver resolver = new DocumentIdResolver();

  private String idOf(Object key) {
    return resolver.resolve(record(key, Map.of())).value();
  }

  @Test
  void usesStringKeysAsTheyAre() {
    assertThat(idOf("65a1b2c3d4e5f60718293a4b")).isEqualTo("65a1b2c3d4e5f60718293a4b");
    assertThat(idOf("with \"quotes\" \\ and ü")).isEqualTo("with \"quotes\" \\ and ü");
  }

  @Test
  void writesPrimitiveKeysInAStableTextForm() {
    assertThat(idOf(42)).isEqualTo("42");
    assertThat(idOf(42L)).isEqualTo("42");
    assertThat(idOf((short) 7)).isEqualTo("7");
    assertThat(idOf((byte) -3)).isEqualTo("-3");
    assertThat(idOf(true)).isEqualTo("true");
    assertThat(idOf(1.5d)).isEqualTo("1.5");
    assertThat(idOf(2.25f)).isEqualTo("2.25");
    assertThat(idOf(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(idOf(new BigDecimal("1.50"))).isEqualTo("1.50");
  }

  @Test
  void writesDecimalKeysWithASchemaInPlainNotation() {
    Schema schema = Decimal.schema(2);
    DocumentId id =
        resolver.resolve(
            record(schema, new BigDecimal("12.30"), null, Map.of(), new ConnectHeaders()));
    assertThat(id.value()).isEqualTo("12.30");
  }

  @Test
  void turnsStructKeysIntoCanonicalJsonWithSortedFields() {
    Schema schema =
        SchemaBuilder.struct()
            .field("zone", Schema.STRING_SCHEMA)
            .field("id", Schema.INT64_SCHEMA)
            .build();
    Struct key = new Struct(schema).put("zone", "eu").put("id", 9L);
    DocumentId id = resolver.resolve(record(schema, key, null, Map.of(), new ConnectHeaders()));
    assertThat(id.value()).isEqualTo("{\"id\":9,\"zone\":\"eu\"}");
  }

  @Test
  void givesEqualMapKeysEqualIdsWhateverTheirOrder() {
    Map<String, Object> first = new LinkedHashMap<>();
    first.put("b", List.of(1, 2));
    first.put("a", Map.of("y", "1", "x", "2"));
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("a", Map.of("x", "2", "y", "1"));
    second.put("b", List.of(1, 2));
    assertThat(idOf(first))
        .isEqualTo(idOf(second))
        .isEqualTo("{\"a\":{\"x\":\"2\",\"y\":\"1\"},\"b\":[1,2]}");
  }

  @Test
  void encodesByteKeysAsUnpaddedBase64Url() {
    byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x01};
    assertThat(idOf(bytes)).isEqualTo("-_8B");
    assertThat(idOf(ByteBuffer.wrap(bytes))).isEqualTo("-_8B");
  }

  @Test
  void derivesIdsOfKeylessRecordsFromTheOriginalCoordinates() {
    assertThat(idOf(null)).isEqualTo("mongodb.shop.orders+3+1234");
  }

  @Test
  void hashesIdsLongerThan512BytesAndKeepsTheOriginal() {
    String longKey = "é".repeat(257); // 514 UTF-8 bytes, 257 chars
    DocumentId id = resolver.resolve(record(longKey, Map.of()));
    assertThat(id.hashed()).isTrue();
    assertThat(id.original()).isEqualTo(longKey);
    assertThat(id.value()).startsWith(DocumentIdResolver.HASHED_ID_PREFIX).hasSize(71);
    assertThat(resolver.resolve(record(longKey, Map.of())).value()).isEqualTo(id.value());
    assertThat(resolver.resolve(record(longKey + "x", Map.of())).value()).isNotEqualTo(id.value());
  }

  @Test
  void keepsIdsOfExactly512Bytes() {
    String key = "a".repeat(512);
    DocumentId id = resolver.resolve(record(key, Map.of()));
    assertThat(id.hashed()).isFalse();
    assertThat(id.value().getBytes(StandardCharsets.UTF_8)).hasSize(512);
  }

  @Test
  void refusesEmptyKeys() {
    assertThatThrownBy(() -> idOf(""))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void refusesNonFiniteNumbersInsideStructuredKeys() {
    assertThatThrownBy(() -> idOf(Map.of("n", Double.NaN)))
        .isInstanceOf(MalformedDocumentException.class)
        .satisfies(e -> assertThat(((MalformedDocumentException) e).path()).isEqualTo("/n"));
  }

  @Test
  void refusesKeysOfUnsupportedTypes() {
    assertThatThrownBy(() -> idOf(new Object()))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("cannot become a document id");
  }

  @Test
  void refusesKeysWithUnpairedSurrogates() {
    assertThatThrownBy(() -> idOf("a\uD800b"))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("surrogate");
    assertThat(idOf("emoji 😀")).isEqualTo("emoji 😀");
  }
}
