package io.mongoelastic.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * Renders the connector's {@link ConfigDef} as the Markdown reference {@code
 * docs/mongodb-source-config.md}. Run {@link #main} (or the unit test with {@code
 * -Dmongoelastic.docs.write=true}) after changing a key.
 */
public final class ConfigDocWriter {
  private ConfigDocWriter() {}

  public static String render(ConfigDef definition) {
    StringBuilder out = new StringBuilder();
    out.append("# MongoDB source connector: configuration reference\n\n")
        .append("Generated from `MongoSourceConfig` by `ConfigDocWriter`; do not edit by hand.\n")
        .append("Connector class: `io.mongoelastic.source.MongoSourceConnector`. Kafka Connect's")
        .append(" own keys (`name`, `tasks.max`, `transforms`, `*.converter`, `topic.creation.*`,")
        .append(" `exactly.once.support`, ...) apply as usual.\n");
    Map<String, List<ConfigKey>> groups = new LinkedHashMap<>();
    definition.groups().forEach(g -> groups.put(g, new java.util.ArrayList<>()));
    definition.configKeys().values().stream()
        .sorted(java.util.Comparator.comparingInt((ConfigKey k) -> k.orderInGroup))
        .forEach(k -> groups.computeIfAbsent(k.group, g -> new java.util.ArrayList<>()).add(k));
    groups.forEach(
        (group, keys) -> {
          out.append("\n## ").append(group).append("\n");
          for (ConfigKey key : keys) {
            out.append("\n### `").append(key.name).append("`\n\n");
            out.append(key.documentation).append("\n\n");
            out.append("- Display name: ").append(key.displayName).append("\n");
            out.append("- Type: ").append(key.type.name().toLowerCase()).append("\n");
            out.append("- Default: ").append(defaultText(key)).append("\n");
            out.append("- Valid values: ")
                .append(key.validator == null ? "any" : key.validator.toString())
                .append("\n");
            out.append("- Importance: ").append(key.importance.name().toLowerCase()).append("\n");
          }
        });
    return out.toString();
  }

  private static String defaultText(ConfigKey key) {
    if (!key.hasDefault()) {
      return "none (required)";
    }
    Object value = key.defaultValue;
    String text =
        value instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(value);
    return text == null || text.isEmpty() ? "empty" : "`" + text + "`";
  }

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "docs/mongodb-source-config.md");
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.writeString(target, render(MongoSourceConfig.CONFIG), StandardCharsets.UTF_8);
  }
}
