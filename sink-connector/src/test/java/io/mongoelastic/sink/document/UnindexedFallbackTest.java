package io.mongoelastic.sink.document;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The reasons are Elasticsearch 9.5's own, captured from refused bulk items. */
class UnindexedFallbackTest {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();
  private final UnindexedFallback fallback = new UnindexedFallback();

  private JsonNode rewrite(String document, String reason) throws Exception {
    byte[] rewritten = fallback.rewrite(document.getBytes(StandardCharsets.UTF_8), reason);
    return rewritten == null ? null : JSON.readTree(rewritten);
  }

  private static void assertRestores(JsonNode rewritten, String original) throws Exception {
    ObjectNode copy = (ObjectNode) rewritten.deepCopy();
    assertThat(UnindexedFallback.restore(copy)).isEqualTo(JSON.readTree(original));
  }

  @Test
  void movesAMixedArrayWholeAndKeepsTheOtherFieldsAndExactNumbers() throws Exception {
    String doc =
        "{\"name\":\"a\",\"mix\":[1,{\"a\":1}],\"d\":1.7976931348623157E308,"
            + "\"l\":9007199254740993,\"tiny\":4.9E-324}";
    JsonNode out =
        rewrite(
            doc,
            "[1:17] failed to parse field [mix] of type [long] in document with id '3'. Preview"
                + " of field's value: '{a=1}'");
    assertThat(out.has("mix")).isFalse();
    assertThat(out.path("name").asText()).isEqualTo("a");
    assertThat(out.at("/_mongoelastic/unindexed").toString()).isEqualTo("[\"mix\"]");
    assertThat(out.at("/_mongoelastic/stored/0/path").toString()).isEqualTo("[\"mix\"]");
    assertThat(out.at("/_mongoelastic/stored/0/value").toString()).isEqualTo("[1,{\"a\":1}]");
    assertThat(out.path("d").doubleValue()).isEqualTo(Double.MAX_VALUE);
    assertThat(out.path("tiny").doubleValue()).isEqualTo(Double.MIN_VALUE);
    assertThat(out.path("l").longValue()).isEqualTo(9007199254740993L);
    assertRestores(out, doc);
  }

  @Test
  void movesTheObjectAtATypeConflictAndAMetadataNameAcrossRounds() throws Exception {
    String doc = "{\"_source\":1,\"obj\":5,\"k\":{\"x.y\":{\"z\":1}}}";
    JsonNode first =
        rewrite(
            doc,
            "[1:12] failed to parse field [_source] of type [_source] in document with id '5'.");
    assertThat(first.has("_source")).isFalse();
    JsonNode second =
        rewrite(
            first.toString(),
            "[1:8] object mapping for [obj] tried to parse field [obj] as object, but found a"
                + " concrete value");
    JsonNode third =
        rewrite(
            second.toString(),
            "[1:17] failed to parse field [k.x.y] of type [long] in document with id '28'.");
    assertThat(third.at("/_mongoelastic/unindexed").toString())
        .isEqualTo("[\"_source\",\"obj\",\"k.x.y\"]");
    assertThat(third.at("/_mongoelastic/stored/2/path").toString()).isEqualTo("[\"k\",\"x.y\"]");
    assertThat(third.path("k").isEmpty()).isTrue();
    assertRestores(third, doc);
  }

  @Test
  void movesTheObjectBeyondTheDepthLimit() throws Exception {
    String doc = "{\"n\":{\"n\":{\"n\":{\"v\":1}}},\"keep\":true}";
    JsonNode out =
        rewrite(
            doc,
            "[1:601] failed to parse: Limit of mapping depth [2] has been exceeded due to object"
                + " field [n.n.n]");
    assertThat(out.at("/n/n").isEmpty()).isTrue();
    assertThat(out.at("/_mongoelastic/unindexed/0").asText()).isEqualTo("n.n.n");
    assertThat(out.path("keep").asBoolean()).isTrue();
    assertRestores(out, doc);
  }

  @Test
  void findsRefusedNamesTheErrorDoesNotLocate() throws Exception {
    String doc = "{\"q\":{\"\":1,\"ok\":2},\"a..b\":3,\"list\":[{\" \":1}],\"fine\":4}";
    JsonNode out = rewrite(doc, "[1:7] failed to parse: field name cannot be an empty string");
    assertThat(out.at("/_mongoelastic/unindexed").toString())
        .isEqualTo("[\"q.\",\"a..b\",\"list\"]");
    assertThat(out.at("/q/ok").asInt()).isEqualTo(2);
    assertThat(out.path("fine").asInt()).isEqualTo(4);
    assertRestores(out, doc);
  }

  @Test
  void movesTheWholeDocumentWhenNothingIsFoundThenGivesUp() throws Exception {
    String doc = "{\"a\":1,\"mongoelastic_original_id\":\"long id\"}";
    JsonNode out = rewrite(doc, "something Elasticsearch says about no field");
    assertThat(out.path("a").isMissingNode()).isTrue();
    assertThat(out.path("mongoelastic_original_id").asText()).isEqualTo("long id");
    assertThat(out.at("/_mongoelastic/unindexed").toString()).isEqualTo("[\"*\"]");
    assertRestores(out, doc);
    assertThat(rewrite(out.toString(), "still refused")).isNull();
  }

  @Test
  void givesUpWhenItsOwnFieldsAreRefused() throws Exception {
    String doc =
        "{\"_mongoelastic\":{\"unindexed\":[\"a\"],\"stored\":[{\"path\":[\"a\"],\"value\":1}]}}";
    assertThat(
            rewrite(
                doc,
                "failed to parse field [_mongoelastic.stored.value] of type [long] in document"))
        .isNull();
    assertThat(rewrite("{\"_mongoelastic\":5}", "failed to parse field [x] of type [long]"))
        .isNull();
  }

  @Test
  void movesTheWholeDocumentAfterTenFields() throws Exception {
    StringBuilder doc = new StringBuilder("{");
    for (int i = 0; i < 12; i++) {
      doc.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":").append(i);
    }
    String original = doc.append('}').toString();
    JsonNode out = JSON.readTree(original);
    for (int i = 0; i < UnindexedFallback.MAX_MOVES; i++) {
      out = rewrite(out.toString(), "failed to parse field [f" + i + "] of type [text]");
    }
    assertThat(out.at("/_mongoelastic/stored").size()).isEqualTo(UnindexedFallback.MAX_MOVES);
    out = rewrite(out.toString(), "failed to parse field [f10] of type [text]");
    assertThat(out.at("/_mongoelastic/unindexed").toString()).isEqualTo("[\"*\"]");
    assertRestores(out, original);
  }
}
