package io.mongoelastic.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkResponseParserTest {

  private static List<ItemResult> parse(String json, int items) throws IOException {
    return BulkResponseParser.parse(
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), items);
  }

  @Test
  void skipsItemsWhenTheResponseHasNoErrors() throws IOException {
    assertThat(parse("{\"took\":3,\"errors\":false,\"items\":[]}", 2))
        .containsExactly(ItemResult.OK, ItemResult.OK);
  }

  @Test
  void readsStatusAndErrorOfEachItem() throws IOException {
    String json =
        "{\"took\":3,\"errors\":true,\"items\":["
            + "{\"index\":{\"_index\":\"i\",\"_id\":\"1\",\"status\":201,\"result\":\"created\","
            + "\"_shards\":{\"total\":1}}},"
            + "{\"delete\":{\"_index\":\"i\",\"_id\":\"2\",\"status\":409,\"error\":{\"type\":"
            + "\"version_conflict_engine_exception\",\"reason\":\"r\",\"caused_by\":{\"type\":\"x\"}}}},"
            + "{\"index\":{\"_index\":\"i\",\"_id\":\"3\",\"status\":400,\"error\":{\"type\":"
            + "\"document_parsing_exception\",\"reason\":\"bad. Preview of field's value: 'secret'\"}}}]}";
    List<ItemResult> items = parse(json, 3);
    assertThat(items.get(0).status()).isEqualTo(201);
    assertThat(items.get(1).errorType()).isEqualTo("version_conflict_engine_exception");
    assertThat(ItemVerdict.of(items.get(0), true)).isEqualTo(ItemVerdict.DONE);
    assertThat(ItemVerdict.of(items.get(1), true)).isEqualTo(ItemVerdict.STALE);
    assertThat(ItemVerdict.of(items.get(1), false)).isEqualTo(ItemVerdict.RETRY);
    assertThat(ItemVerdict.of(items.get(2), true)).isEqualTo(ItemVerdict.MALFORMED);
    assertThat(ItemVerdict.safeReason(items.get(2))).doesNotContain("secret");
  }

  @Test
  void classifiesRejectionsMissingPipelinesAndMissingDeletes() {
    assertThat(ItemVerdict.of(new ItemResult(429, "es_rejected_execution_exception", "q"), true))
        .isEqualTo(ItemVerdict.RETRY);
    assertThat(ItemVerdict.of(new ItemResult(503, "unavailable_shards_exception", "s"), true))
        .isEqualTo(ItemVerdict.RETRY);
    assertThat(
            ItemVerdict.of(
                new ItemResult(
                    400, "illegal_argument_exception", "pipeline with id [p] does not exist"),
                true))
        .isEqualTo(ItemVerdict.FATAL);
    assertThat(ItemVerdict.of(new ItemResult(404, null, null), true)).isEqualTo(ItemVerdict.DONE);
    assertThat(ItemVerdict.of(new ItemResult(403, "security_exception", "no"), true))
        .isEqualTo(ItemVerdict.FATAL);
  }

  @Test
  void rejectsAResponseWithTooFewItems() {
    assertThatThrownBy(() -> parse("{\"errors\":true,\"items\":[]}", 1))
        .isInstanceOf(IOException.class);
  }
}
