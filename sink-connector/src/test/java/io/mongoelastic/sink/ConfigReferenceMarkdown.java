package io.mongoelastic.sink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/** Renders a {@link ConfigDef} as a Markdown reference, grouped as the definition groups keys. */
final class ConfigReferenceMarkdown {
  private ConfigReferenceMarkdown() {}

  static String render(String title, String intro, ConfigDef def) {
    Map<String, List<ConfigDef.ConfigKey>> groups = new LinkedHashMap<>();
    for (String group : def.groups()) {
      groups.put(
          group,
          def.configKeys().values().stream()
              .filter(key -> group.equals(key.group))
              .sorted(java.util.Comparator.comparingInt(key -> key.orderInGroup))
              .toList());
    }
    StringBuilder out = new StringBuilder();
    out.append("# ").append(title).append("\n\n");
    out.append(intro).append("\n\n");
    out.append(
        "<!-- Generated from the ConfigDef by ConfigReferenceTest; do not edit by hand. -->\n");
    for (Map.Entry<String, List<ConfigDef.ConfigKey>> group : groups.entrySet()) {
      out.append("\n## ").append(group.getKey()).append("\n");
      for (ConfigDef.ConfigKey key : group.getValue()) {
        out.append("\n### `").append(key.name).append("`\n\n");
        out.append(key.documentation.trim()).append("\n\n");
        out.append("- Display name: ").append(key.displayName).append('\n');
        out.append("- Type: ")
            .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
            .append('\n');
        out.append("- Default: ").append(defaultText(key)).append('\n');
        if (key.validator != null) {
          out.append("- Valid values: ").append(key.validator).append('\n');
        }
        out.append("- Importance: ")
            .append(key.importance.name().toLowerCase(java.util.Locale.ROOT))
            .append('\n');
      }
    }
    return out.toString();
  }

  private static String defaultText(ConfigDef.ConfigKey key) {
    if (!key.hasDefault()) {
      return "(required)";
    }
    Object value = key.defaultValue;
    if (value == null) {
      return "(unset)";
    }
    if (value instanceof Password) {
      return "(hidden)";
    }
    String text =
        value instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(value);
    return text.isEmpty() ? "\"\"" : "`" + text + "`";
  }
}
