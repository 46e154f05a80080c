package io.mongoelastic.source;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Parsing and validation shared by the enum-valued keys (values are lower_snake names). */
final class ConfigEnums {
  private ConfigEnums() {}

  static <E extends Enum<E>> E parse(Class<E> type, String value) {
    if (value == null) {
      throw new IllegalArgumentException("no value");
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    throw new IllegalArgumentException("'" + value + "' is not one of " + allowed(type));
  }

  static <E extends Enum<E>> String allowed(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  static <E extends Enum<E>> ConfigDef.Validator validator(Class<E> type) {
    return new ConfigDef.Validator() {
      @Override
      public void ensureValid(String name, Object value) {
        try {
          parse(type, (String) value);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, value, "Use one of " + allowed(type) + ".");
        }
      }

      @Override
      public String toString() {
        return "one of " + allowed(type);
      }
    };
  }

  static String describe(List<String[]> valueAndText) {
    return valueAndText.stream()
        .map(v -> "'" + v[0] + "': " + v[1])
        .collect(Collectors.joining("; ", " Values: ", "."));
  }
}
