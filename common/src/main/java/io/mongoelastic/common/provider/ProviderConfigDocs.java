package io.mongoelastic.common.provider;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders {@code docs/config-provider-config.md} from {@link
 * ElasticsearchConfigProviderConfig#CONFIG_DEF}, so the reference never drifts from the code. A
 * unit test fails when the checked-in file differs; run it with {@code -Dmongoelastic.docs.update}
 * to rewrite the file.
 */
final class ProviderConfigDocs {
  private ProviderConfigDocs() {}

  static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Elasticsearch config provider: settings\n\n")
        .append(
            "<!-- Generated from ElasticsearchConfigProviderConfig; do not edit by hand. -->\n\n")
        .append("Set each key on the worker as `config.providers.<alias>.param.<key>`")
        .append(" (see [config-provider.md](config-provider.md)).\n");
    String group = null;
    List<ConfigDef.ConfigKey> keys =
        ElasticsearchConfigProviderConfig.CONFIG_DEF.configKeys().values().stream()
            .sorted(
                java.util.Comparator.comparing(
                        (ConfigDef.ConfigKey k) ->
                            !k.group.equals(ElasticsearchConfigProviderConfig.GROUP))
                    .thenComparing(k -> k.orderInGroup))
            .toList();
    for (ConfigDef.ConfigKey key : keys) {
      if (!key.group.equals(group)) {
        group = key.group;
        md.append("\n## ").append(group).append("\n");
      }
      md.append("\n### `").append(key.name).append("`\n\n");
      md.append(key.documentation).append("\n\n");
      md.append("- Display name: ").append(key.displayName).append('\n');
      md.append("- Type: ")
          .append(key.type.toString().toLowerCase(java.util.Locale.ROOT))
          .append('\n');
      md.append("- Default: ").append(defaultText(key)).append('\n');
      if (key.validator != null) {
        md.append("- Valid values: ").append(key.validator).append('\n');
      }
      md.append("- Importance: ")
          .append(key.importance.toString().toLowerCase(java.util.Locale.ROOT))
          .append('\n');
    }
    return md.toString();
  }

  private static String defaultText(ConfigDef.ConfigKey key) {
    if (!key.hasDefault() || key.defaultValue == null) {
      return "(none)";
    }
    Object value = key.defaultValue;
    if (value instanceof Password) {
      return "(hidden)";
    }
    if (value instanceof List<?> list) {
      value = String.join(",", list.stream().map(Object::toString).toList());
    }
    return value.toString().isEmpty() ? "\"\"" : "`" + value + "`";
  }
}
