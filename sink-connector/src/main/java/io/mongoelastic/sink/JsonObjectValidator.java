package io.mongoelastic.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Unset, or a JSON object. */
final class JsonObjectValidator implements ConfigDef.Validator {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public void ensureValid(String name, Object value) {
    if (value == null || value.toString().isBlank()) {
      return;
    }
    try {
      JsonNode node = JSON.readTree(value.toString());
      if (node == null || !node.isObject()) {
        throw new ConfigException(name, value, "Give a JSON object, e.g. {\"key\":\"value\"}");
      }
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          name,
          value,
          "Not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")");
    }
  }

  @Override
  public String toString() {
    return "a JSON object, or unset";
  }
}
