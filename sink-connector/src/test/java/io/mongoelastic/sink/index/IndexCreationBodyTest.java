package io.mongoelastic.sink.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class IndexCreationBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode body(IndexDefaults defaults, String settings, String mapping)
      throws Exception {
    String body = IndexCreationBody.of(defaults, settings, mapping);
    return body == null ? null : JSON.readTree(body);
  }

  @Test
  void mirrorSafeDefaultsMapNumbersStringsAndDatesForAMirror() throws Exception {
    JsonNode body = body(IndexDefaults.MIRROR_SAFE, null, null);
    JsonNode settings = body.path("settings");
    assertThat(settings.path("index.mapping.ignore_malformed").asBoolean()).isTrue();
    assertThat(settings.path("index.mapping.depth.limit").asInt()).isEqualTo(101);
    assertThat(settings.path("index.mapping.total_fields.limit").asInt()).isEqualTo(5000);
    JsonNode mappings = body.path("mappings");
    assertThat(mappings.path("numeric_detection").asBoolean(true)).isFalse();
    assertThat(mappings.path("dynamic_date_formats").toString())
        .isEqualTo("[\"strict_date_time\"]");
    assertThat(mappings.path("dynamic_templates").toString())
        .contains("{\"match_mapping_type\":\"double\",\"mapping\":{\"type\":\"double\"}}")
        .contains("{\"match_mapping_type\":\"long\",\"mapping\":{\"type\":\"long\"}}")
        .contains("\"ignore_above\":256");
    assertThat(mappings.at("/properties/" + MirrorSafeIndex.FALLBACK_FIELD + "/properties/stored"))
        .hasToString("{\"type\":\"object\",\"enabled\":false}");
  }

  @Test
  void userSettingsWinPerFlatKeyWhateverTheirShape() throws Exception {
    JsonNode settings =
        body(
                IndexDefaults.MIRROR_SAFE,
                "{\"number_of_shards\":2,\"index\":{\"mapping\":{\"depth\":{\"limit\":40}}},"
                    + "\"index.mapping.total_fields.limit\":9000}",
                null)
            .path("settings");
    assertThat(settings.path("index.number_of_shards").asInt()).isEqualTo(2);
    assertThat(settings.path("index.mapping.depth.limit").asInt()).isEqualTo(40);
    assertThat(settings.path("index.mapping.total_fields.limit").asInt()).isEqualTo(9000);
    assertThat(settings.path("index.mapping.ignore_malformed").asBoolean()).isTrue();
    assertThat(settings.has("depth")).isFalse();
  }

  @Test
  void userMappingIsDeepMergedAndItsDynamicTemplatesComeFirst() throws Exception {
    JsonNode mappings =
        body(
                IndexDefaults.MIRROR_SAFE,
                null,
                "{\"dynamic_date_formats\":[\"yyyy-MM-dd\"],"
                    + "\"dynamic_templates\":[{\"mine\":{\"match\":\"code_*\","
                    + "\"mapping\":{\"type\":\"keyword\"}}},"
                    + "{\"mongoelastic_longs\":{\"match_mapping_type\":\"long\","
                    + "\"mapping\":{\"type\":\"integer\"}}}],"
                    + "\"properties\":{\"name\":{\"type\":\"keyword\"},"
                    + "\"_mongoelastic\":{\"properties\":{\"note\":{\"type\":\"text\"}}}}}")
            .path("mappings");
    assertThat(mappings.path("dynamic_date_formats").toString()).isEqualTo("[\"yyyy-MM-dd\"]");
    JsonNode templates = mappings.path("dynamic_templates");
    assertThat(templates.get(0).has("mine")).isTrue();
    assertThat(templates.get(1).at("/mongoelastic_longs/mapping/type").asText())
        .isEqualTo("integer");
    assertThat(templates.toString())
        .contains("mongoelastic_doubles")
        .contains("mongoelastic_strings");
    assertThat(templates.size()).isEqualTo(4);
    assertThat(mappings.at("/properties/name/type").asText()).isEqualTo("keyword");
    assertThat(mappings.at("/properties/_mongoelastic/properties/note/type").asText())
        .isEqualTo("text");
    assertThat(mappings.at("/properties/_mongoelastic/properties/unindexed/type").asText())
        .isEqualTo("keyword");
  }

  @Test
  void noneSendsOnlyWhatTheUserGaveOrNothing() throws Exception {
    assertThat(IndexCreationBody.of(IndexDefaults.NONE, null, " ")).isNull();
    assertThat(IndexCreationBody.of(IndexDefaults.NONE, null, "{\"dynamic\":false}"))
        .isEqualTo("{\"mappings\":{\"dynamic\":false}}");
  }
}
