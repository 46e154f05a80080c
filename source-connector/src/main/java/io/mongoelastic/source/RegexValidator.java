package io.mongoelastic.source;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A Java regular expression, or empty. */
final class RegexValidator implements ConfigDef.Validator {
  static final RegexValidator INSTANCE = new RegexValidator();

  @Override
  public void ensureValid(String name, Object value) {
    if (value == null || value.toString().isEmpty()) {
      return;
    }
    try {
      Pattern.compile(value.toString());
    } catch (PatternSyntaxException e) {
      throw new ConfigException(
          name,
          value,
          "Not a valid Java regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex()
              + ".");
    }
  }

  @Override
  public String toString() {
    return "a Java regular expression, or empty";
  }
}
