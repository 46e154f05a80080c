package io.mongoelastic.source;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Collection names: non-blank, without '$' or NUL (MongoDB refuses those). */
final class CollectionNamesValidator implements ConfigDef.Validator {
  static final CollectionNamesValidator INSTANCE = new CollectionNamesValidator();

  @Override
  public void ensureValid(String name, Object value) {
    if (!(value instanceof List<?> names)) {
      return;
    }
    for (Object item : names) {
      String collection = String.valueOf(item);
      if (collection.isBlank() || collection.contains("$") || collection.indexOf('\0') >= 0) {
        throw new ConfigException(
            name,
            value,
            "'" + collection + "' is not a collection name: names are non-empty and hold no '$'.");
      }
    }
  }

  @Override
  public String toString() {
    return "comma-separated collection names, or empty for all";
  }
}
