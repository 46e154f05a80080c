package io.mongoelastic.sink.document;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Accepts exactly the lower_snake config values of an enum (case-insensitive, surrounding blanks
 * ignored). Its {@link #toString()} lists the values, which {@link ConfigDef} prints as "Valid
 * Values" in the generated config reference.
 *
 * @param <E> the enum whose constants are the choices
 */
public final class LowerSnakeEnumValidator<E extends Enum<E>> implements ConfigDef.Validator {
  private final Class<E> type;
  private final List<String> values;

  private LowerSnakeEnumValidator(Class<E> type) {
    this.type = type;
    this.values =
        Arrays.stream(type.getEnumConstants()).map(LowerSnakeEnumValidator::configValue).toList();
  }

  /** A validator for the constants of {@code type}. */
  public static <E extends Enum<E>> LowerSnakeEnumValidator<E> of(Class<E> type) {
    return new LowerSnakeEnumValidator<>(type);
  }

  /**
   * The config value of a constant: its name in lower case ({@code SOURCE_HEADER → source_header}).
   */
  public static String configValue(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant for a config value.
   *
   * @throws ConfigException naming {@code key} when the value is not one of the choices
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
    String normalized = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (configValue(constant).equals(normalized)) {
        return constant;
      }
    }
    throw new ConfigException(key, value, "Use one of " + of(type));
  }

  /** The config values in declaration order. */
  public List<String> values() {
    return values;
  }

  @Override
  public void ensureValid(String name, Object value) {
    parse(type, name, value == null ? null : value.toString());
  }

  @Override
  public String toString() {
    return values.stream().collect(Collectors.joining(", ", "[", "]"));
  }
}
