package io.mongoelastic.sink;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Unset, or a name without whitespace, slashes or commas. */
final class OptionalNameValidator implements ConfigDef.Validator {
  @Override
  public void ensureValid(String name, Object value) {
    if (value == null || value.toString().isBlank()) {
      return;
    }
    if (!value.toString().trim().matches("[^\\s/,*?\"<>|#]+")) {
      throw new ConfigException(
          name, value, "Not a valid pipeline id: no whitespace, '/', ',', '*', '?' or quotes");
    }
  }

  @Override
  public String toString() {
    return "a pipeline id, or unset";
  }
}
