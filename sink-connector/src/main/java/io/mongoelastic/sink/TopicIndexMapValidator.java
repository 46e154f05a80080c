package io.mongoelastic.sink;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** topic:index pairs, each topic once. */
final class TopicIndexMapValidator implements ConfigDef.Validator {
  @Override
  public void ensureValid(String name, Object value) {
    @SuppressWarnings("unchecked")
    List<String> entries = (List<String>) value;
    if (entries == null) {
      return;
    }
    java.util.Set<String> topics = new java.util.HashSet<>();
    for (String entry : entries) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.lastIndexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new ConfigException(
            name, entry, "Each entry must be topic:index, e.g. mongodb.shop.orders:orders");
      }
      io.mongoelastic.sink.index.IndexNameSanitizer.problemWith(entry.substring(colon + 1).trim())
          .ifPresent(
              problem -> {
                throw new ConfigException(name, entry, problem);
              });
      if (!topics.add(entry.substring(0, colon).trim())) {
        throw new ConfigException(
            name, entry, "The topic appears twice; give each topic one index");
      }
    }
  }

  @Override
  public String toString() {
    return "comma-separated topic:index pairs, or empty";
  }
}
