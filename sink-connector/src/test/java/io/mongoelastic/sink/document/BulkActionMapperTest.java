package io.mongoelastic.sink.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mongoelastic.sink.index.IndexNameResolver;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BulkActionMapperTest {
  private static final IndexNameResolver INDEX = new IndexNameResolver("${topic}", Map.of());

  private static BulkActionMapper mapper(
      VersionSource versions, WriteMethod method, NullValueBehavior nulls) {
    return new BulkActionMapper(INDEX, versions, method, nulls, null, null);
  }

  private static ConnectHeaders version(Object value) {
    ConnectHeaders headers = new ConnectHeaders();
    Schema schema =
        value instanceof Long
            ? Schema.INT64_SCHEMA
            : value instanceof Integer
                ? Schema.INT32_SCHEMA
                : value instanceof String ? Schema.STRING_SCHEMA : Schema.BYTES_SCHEMA;
    headers.add(RecordClassifier.SOURCE_VERSION_HEADER, value, schema);
    return headers;
  }

  private final BulkActionMapper defaults =
      mapper(VersionSource.SOURCE_HEADER, WriteMethod.INDEX, NullValueBehavior.DELETE);

  @Test
  void mapsADocumentToAnIndexActionOnTheTopicsIndex() {
    SinkRecord record = Records.withHeaders("k1", Map.of("a", 1), version(99L));
    BulkAction action = defaults.map(record).orElseThrow();
    assertThat(action.type()).isEqualTo(BulkActionType.INDEX);
    assertThat(action.index()).isEqualTo("orders");
    assertThat(action.id().value()).isEqualTo("k1");
    assertThat(action.version()).isEqualTo(OptionalLong.of(99L));
    assertThat(new String(action.source().toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}");
  }

  @Test
  void skipsControlRecordsWhateverTheirValue() {
    ConnectHeaders headers = new ConnectHeaders();
    headers.addString(RecordClassifier.CONTROL_HEADER, "snapshot_start");
    assertThat(
            defaults.map(Records.withHeaders(null, Map.of("control", "snapshot_start"), headers)))
        .isEmpty();
    assertThat(new RecordClassifier().classify(Records.withHeaders(null, null, headers)))
        .isEqualTo(RecordKind.CONTROL);
  }

  @Test
  void deletesOnTombstonesByDefault() {
    BulkAction action = defaults.map(Records.withHeaders("k1", null, version(5L))).orElseThrow();
    assertThat(action.type()).isEqualTo(BulkActionType.DELETE);
    assertThat(action.id().value()).isEqualTo("k1");
    assertThat(action.version()).isEqualTo(OptionalLong.of(5L));
    assertThat(action.source()).isNull();
  }

  @Test
  void ignoresOrFailsOnTombstonesWhenConfigured() {
    SinkRecord tombstone = Records.record("k1", null);
    assertThat(
            mapper(VersionSource.NONE, WriteMethod.INDEX, NullValueBehavior.IGNORE).map(tombstone))
        .isEmpty();
    assertThatThrownBy(
            () ->
                mapper(VersionSource.NONE, WriteMethod.INDEX, NullValueBehavior.FAIL)
                    .map(tombstone))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("behavior.on.null.values")
        .hasMessageContaining("mongodb.shop.orders-3@1234");
  }

  @Test
  void refusesTombstonesWithoutKeyAsMalformed() {
    assertThatThrownBy(() -> defaults.map(Records.record(null, null)))
        .isInstanceOf(MalformedDocumentException.class);
  }

  @Test
  void readsTheSourceVersionInEveryHeaderForm() {
    for (Object value :
        new Object[] {99L, 99, "99", " 99 ", "99".getBytes(StandardCharsets.UTF_8)}) {
      assertThat(
              defaults
                  .map(Records.withHeaders("k", Map.of(), version(value)))
                  .orElseThrow()
                  .version())
          .as(String.valueOf(value))
          .isEqualTo(OptionalLong.of(99L));
    }
  }

  @Test
  void writesUnversionedWhenTheSourceHeaderIsMissing() {
    assertThat(defaults.map(Records.record("k", Map.of())).orElseThrow().version()).isEmpty();
  }

  @Test
  void reportsUnreadableVersionHeadersAsMalformed() {
    assertThatThrownBy(() -> defaults.map(Records.withHeaders("k", Map.of(), version("abc"))))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining(RecordClassifier.SOURCE_VERSION_HEADER);
    assertThatThrownBy(() -> defaults.map(Records.withHeaders("k", Map.of(), version(-1L))))
        .isInstanceOf(MalformedDocumentException.class)
        .hasMessageContaining("negative");
  }

  @Test
  void usesTheOriginalOffsetAsVersionWhenConfigured() {
    BulkActionMapper mapper =
        mapper(VersionSource.KAFKA_OFFSET, WriteMethod.INDEX, NullValueBehavior.DELETE);
    assertThat(mapper.map(Records.withHeaders("k", Map.of(), version(99L))).orElseThrow().version())
        .isEqualTo(OptionalLong.of(1234L));
    assertThat(
            mapper(VersionSource.NONE, WriteMethod.INDEX, NullValueBehavior.DELETE)
                .map(Records.withHeaders("k", Map.of(), version(99L)))
                .orElseThrow()
                .version())
        .isEmpty();
  }

  @Test
  void writesUpsertsWithoutVersion() {
    BulkAction action =
        mapper(VersionSource.NONE, WriteMethod.UPSERT, NullValueBehavior.DELETE)
            .map(Records.withHeaders("k", Map.of("a", 1), version(3L)))
            .orElseThrow();
    assertThat(action.type()).isEqualTo(BulkActionType.UPSERT);
    assertThat(action.version()).isEmpty();
  }

  @Test
  void refusesUpsertWithVersionsOrPipeline() {
    assertThatThrownBy(
            () -> mapper(VersionSource.SOURCE_HEADER, WriteMethod.UPSERT, NullValueBehavior.DELETE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version.source=none");
    assertThat(WriteMethod.UPSERT.conflictWith(VersionSource.NONE, true))
        .get()
        .asString()
        .contains("pipeline");
    assertThat(WriteMethod.UPSERT.conflictWith(VersionSource.NONE, false)).isEmpty();
    assertThat(WriteMethod.INDEX.conflictWith(VersionSource.KAFKA_OFFSET, true)).isEmpty();
  }

  @Test
  void addsPipelineAndRoutingWhenConfigured() {
    BulkActionMapper mapper =
        new BulkActionMapper(
            INDEX,
            VersionSource.NONE,
            WriteMethod.INDEX,
            NullValueBehavior.DELETE,
            "enrich",
            id -> "route-" + id.value());
    BulkAction action = mapper.map(Records.record("k", Map.of())).orElseThrow();
    assertThat(action.pipeline()).isEqualTo("enrich");
    assertThat(action.routing()).isEqualTo("route-k");
    BulkAction delete = mapper.map(Records.record("k", null)).orElseThrow();
    assertThat(delete.pipeline()).isNull();
    assertThat(delete.routing()).isEqualTo("route-k");
  }

  @Test
  void passesJsonStringValuesThrough() {
    SinkRecord record =
        Records.record(null, "k", Schema.STRING_SCHEMA, "{\"a\": 1}", new ConnectHeaders());
    Optional<BulkAction> action = defaults.map(record);
    assertThat(new String(action.orElseThrow().source().toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\": 1}");
  }
}
