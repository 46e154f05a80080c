package io.mongoelastic.source;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Kafka topic-name characters: letters, digits, '.', '_' and '-'. */
final class TopicNameValidator implements ConfigDef.Validator {
  static final TopicNameValidator INSTANCE = new TopicNameValidator();
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  @Override
  public void ensureValid(String name, Object value) {
    if (value == null || !LEGAL.matcher(value.toString()).matches()) {
      throw new ConfigException(
          name, value, "Use 1 to 200 characters among letters, digits, '.', '_' and '-'.");
    }
  }

  @Override
  public String toString() {
    return "letters, digits, '.', '_', '-'";
  }
}
