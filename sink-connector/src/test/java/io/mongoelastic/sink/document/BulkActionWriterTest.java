package io.mongoelastic.sink.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class BulkActionWriterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BulkActionWriter writer = new BulkActionWriter(VersionSource.SOURCE_HEADER);
  private final DocumentSerializer serializer = new DocumentSerializer();

  private DocumentSource source(String json) {
    return serializer.serialize(json, null, new DocumentId("x", null));
  }

  /** Appends the action's NDJSON to {@code out}, as a request body does; returns its size. */
  private static int write(BulkActionWriter writer, BulkAction action, ByteArrayOutputStream out) {
    ActionNdjson ndjson = writer.encode(action);
    out.writeBytes(ndjson.toByteArray());
    return ndjson.length();
  }

  private static List<JsonNode> lines(ByteArrayOutputStream out) throws Exception {
    String body = out.toString(StandardCharsets.UTF_8);
    assertThat(body).endsWith("\n");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : body.substring(0, body.length() - 1).split("\n", -1)) {
      lines.add(MAPPER.readTree(line));
    }
    return lines;
  }

  /** The lines {@code writer} encodes {@code action} to, parsed. */
  private static List<JsonNode> linesOf(BulkActionWriter writer, BulkAction action)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(writer, action, out);
    return lines(out);
  }

  /** An action with no routing, pipeline or version. */
  private static BulkAction plain(
      BulkActionType type, String index, String id, DocumentSource source) {
    return new BulkAction(
        type, index, new DocumentId(id, null), null, null, OptionalLong.empty(), source);
  }

  /** A delete of document 42 in orders at version 9. */
  private static BulkAction deleteAtVersion9() {
    return new BulkAction(
        BulkActionType.DELETE,
        "orders",
        new DocumentId("42", null),
        null,
        null,
        OptionalLong.of(9L),
        null);
  }

  @Test
  void writesAnIndexActionWithEveryParameter() throws Exception {
    BulkAction action =
        new BulkAction(
            BulkActionType.INDEX,
            "orders",
            new DocumentId("42", null),
            "r1",
            "clean",
            OptionalLong.of(7L),
            source("{\"a\":1}"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int size = write(writer, action, out);

    assertThat(size).isEqualTo(out.size());
    List<JsonNode> lines = lines(out);
    assertThat(lines).hasSize(2);
    JsonNode meta = lines.get(0).get("index");
    assertThat(lines.get(0).size()).isEqualTo(1);
    assertThat(meta.get("_index").asText()).isEqualTo("orders");
    assertThat(meta.get("_id").asText()).isEqualTo("42");
    assertThat(meta.get("routing").asText()).isEqualTo("r1");
    assertThat(meta.get("pipeline").asText()).isEqualTo("clean");
    assertThat(meta.get("version").isIntegralNumber()).isTrue();
    assertThat(meta.get("version").asLong()).isEqualTo(7L);
    assertThat(meta.get("version_type").asText()).isEqualTo("external_gte");
    assertThat(meta.size()).isEqualTo(6);
    assertThat(lines.get(1)).isEqualTo(MAPPER.readTree("{\"a\":1}"));
  }

  @Test
  void leavesOutAbsentParameters() throws Exception {
    BulkAction action = plain(BulkActionType.INDEX, "orders", "42", source("{}"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(writer, action, out);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("{\"index\":{\"_index\":\"orders\",\"_id\":\"42\"}}\n{}\n");
  }

  @Test
  void writesAnUpsertAsUpdateWithDocAsUpsert() throws Exception {
    BulkAction action =
        new BulkAction(
            BulkActionType.UPSERT,
            "orders",
            new DocumentId("42", null),
            "r",
            null,
            OptionalLong.empty(),
            source("{\"a\":{\"b\":2}}"));
    List<JsonNode> lines = linesOf(writer, action);
    assertThat(lines).hasSize(2);
    JsonNode meta = lines.get(0).get("update");
    assertThat(meta.get("_index").asText()).isEqualTo("orders");
    assertThat(meta.get("_id").asText()).isEqualTo("42");
    assertThat(meta.get("routing").asText()).isEqualTo("r");
    assertThat(meta.size()).isEqualTo(3);
    assertThat(lines.get(1))
        .isEqualTo(MAPPER.readTree("{\"doc\":{\"a\":{\"b\":2}},\"doc_as_upsert\":true}"));
  }

  @Test
  void writesADeleteWithoutSourceLine() throws Exception {
    List<JsonNode> lines = linesOf(writer, deleteAtVersion9());
    assertThat(lines).hasSize(1);
    JsonNode meta = lines.get(0).get("delete");
    assertThat(meta.get("_id").asText()).isEqualTo("42");
    assertThat(meta.get("version").asLong()).isEqualTo(9L);
    assertThat(meta.get("version_type").asText()).isEqualTo("external_gte");
  }

  @Test
  void kafkaOffsetVersionsMustGrowStrictly() throws Exception {
    List<JsonNode> lines =
        linesOf(new BulkActionWriter(VersionSource.KAFKA_OFFSET), deleteAtVersion9());
    assertThat(lines.get(0).get("delete").get("version_type").asText()).isEqualTo("external");
  }

  @Test
  void escapesIdsWithSpecialCharacters() throws Exception {
    String id = "q\"uote \\back/slash\ttab\nnew\u0001ctl é 中 😀";
    String index = "idx-\"weird\"";
    BulkAction action =
        new BulkAction(
            BulkActionType.DELETE,
            index,
            new DocumentId(id, null),
            id,
            null,
            OptionalLong.empty(),
            null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(writer, action, out);
    String body = out.toString(StandardCharsets.UTF_8);
    assertThat(body.indexOf('\n')).isEqualTo(body.length() - 1);
    JsonNode meta = lines(out).get(0).get("delete");
    assertThat(meta.get("_id").asText()).isEqualTo(id);
    assertThat(meta.get("routing").asText()).isEqualTo(id);
    assertThat(meta.get("_index").asText()).isEqualTo(index);
  }

  @Test
  void appendsActionsOneAfterAnotherAndReportsEachSize() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int first = write(writer, plain(BulkActionType.INDEX, "a", "1", source("{\"n\":1}")), out);
    int second = write(writer, plain(BulkActionType.DELETE, "a", "2", null), out);
    assertThat(first + second).isEqualTo(out.size());
    List<JsonNode> lines = lines(out);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2).get("delete").get("_id").asText()).isEqualTo("2");
  }

  @Test
  void writesTheHashedIdAndTheDocumentKeepsTheOriginal() throws Exception {
    String longKey = "k".repeat(600);
    DocumentId id = new DocumentIdResolver().resolve(Records.record(longKey, Map.of("a", 1)));
    BulkAction action =
        new BulkAction(
            BulkActionType.INDEX,
            "a",
            id,
            null,
            null,
            OptionalLong.empty(),
            serializer.serialize(Map.of("a", 1), null, id));
    List<JsonNode> lines = linesOf(writer, action);
    assertThat(lines.get(0).get("index").get("_id").asText()).startsWith("sha256:").hasSize(71);
    assertThat(lines.get(1).get(DocumentSerializer.ORIGINAL_ID_FIELD).asText()).isEqualTo(longKey);
  }

  @Test
  void refusesCombinationsElasticsearchRejects() {
    DocumentId id = new DocumentId("1", null);
    assertThatThrownBy(
            () ->
                new BulkAction(
                    BulkActionType.UPSERT, "a", id, null, null, OptionalLong.of(1), source("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("external versions");
    assertThatThrownBy(
            () ->
                new BulkAction(
                    BulkActionType.UPSERT, "a", id, null, "p", OptionalLong.empty(), source("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipeline");
    assertThatThrownBy(
            () ->
                new BulkAction(
                    BulkActionType.DELETE, "a", id, null, null, OptionalLong.empty(), source("{}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new BulkAction(
                    BulkActionType.INDEX, "a", id, null, null, OptionalLong.empty(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sharesTheRecordsJsonBytesInsteadOfCopyingThem() {
    byte[] value = "{\"a\":1,\"b\":\"two\"}".getBytes(StandardCharsets.UTF_8);
    DocumentSource shared = serializer.serialize(value, null, new DocumentId("7", null));
    ActionNdjson ndjson = writer.encode(plain(BulkActionType.INDEX, "i", "7", shared));
    String expected = "{\"index\":{\"_index\":\"i\",\"_id\":\"7\"}}\n{\"a\":1,\"b\":\"two\"}\n";
    assertThat(new String(ndjson.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(ndjson.length()).isEqualTo(expected.length());
    assertThat(ndjson.heldBeyond(value))
        .as("only the action line is extra; the document is the record's own array")
        .isEqualTo(ndjson.length() - value.length);
    byte[] body = new byte[ndjson.length() + 2];
    assertThat(ndjson.copyTo(body, 1)).isEqualTo(ndjson.length() + 1);
    assertThat(new String(body, 1, ndjson.length(), StandardCharsets.UTF_8)).isEqualTo(expected);

    byte[] withId = "{\"_id\":7,\"a\":1}".getBytes(StandardCharsets.UTF_8);
    DocumentSource rewritten = serializer.serialize(withId, null, new DocumentId("7", null));
    ActionNdjson copied = writer.encode(plain(BulkActionType.UPSERT, "i", "7", rewritten));
    assertThat(copied.heldBeyond(withId))
        .as("a rewritten document is held twice")
        .isEqualTo(copied.length());
    assertThat(new String(copied.toByteArray(), StandardCharsets.UTF_8))
        .endsWith("\n{\"doc\":{\"a\":1},\"doc_as_upsert\":true}\n");
  }
}
