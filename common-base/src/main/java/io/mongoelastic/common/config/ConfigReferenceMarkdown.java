package io.mongoelastic.common.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.types.Password;

/**
 * Renders a {@link ConfigDef} as the Markdown configuration reference kept in {@code docs/}: one
 * section per group in the order the definition declares them, keys by their order in the group,
 * each with its documentation, display name, type, default, valid values and importance. The
 * source, sink and config-provider references are all rendered here, so they read alike; each
 * module has a test that fails when its checked-in file differs from this rendering.
 */
public final class ConfigReferenceMarkdown {
  /** The system property that makes each module's reference test rewrite its file. */
  public static final String UPDATE_PROPERTY = "mongoelastic.docs.update";

  private ConfigReferenceMarkdown() {}

  /** Whether this run should rewrite the checked-in reference instead of only comparing it. */
  public static boolean updateRequested() {
    return Boolean.getBoolean(UPDATE_PROPERTY);
  }

  /**
   * @param title the level-1 heading
   * @param intro Markdown shown under the heading (what the keys apply to, how to set them)
   * @param definition the keys to document; keys without a group are listed last under "Other"
   */
  public static String render(String title, String intro, ConfigDef definition) {
    StringBuilder out = new StringBuilder();
    out.append("# ").append(title).append("\n\n");
    out.append(intro.trim()).append("\n\n");
    out.append("<!-- Generated from the ConfigDef by ConfigReferenceMarkdown; do not edit by hand:")
        .append(" run the module's reference test with -D")
        .append(UPDATE_PROPERTY)
        .append("=true. -->\n");
    for (String group : definition.groups()) {
      appendGroup(out, group, keysOf(definition, group));
    }
    appendGroup(out, "Other", keysOf(definition, null));
    return out.toString();
  }

  private static List<ConfigKey> keysOf(ConfigDef definition, String group) {
    return definition.configKeys().values().stream()
        .filter(key -> group == null ? key.group == null : group.equals(key.group))
        .sorted(Comparator.comparingInt((ConfigKey key) -> key.orderInGroup))
        .toList();
  }

  private static void appendGroup(StringBuilder out, String group, List<ConfigKey> keys) {
    if (keys.isEmpty()) {
      return;
    }
    out.append("\n## ").append(group).append("\n");
    for (ConfigKey key : keys) {
      out.append("\n### `").append(key.name).append("`\n\n");
      out.append(key.documentation == null ? "" : key.documentation.trim()).append("\n\n");
      out.append("- Display name: ").append(key.displayName).append('\n');
      out.append("- Type: ").append(lower(key.type.name())).append('\n');
      out.append("- Default: ").append(defaultText(key)).append('\n');
      if (key.validator != null) {
        out.append("- Valid values: ").append(key.validator).append('\n');
      }
      out.append("- Importance: ").append(lower(key.importance.name())).append('\n');
    }
  }

  private static String defaultText(ConfigKey key) {
    if (!key.hasDefault()) {
      return "(required)";
    }
    Object value = key.defaultValue;
    if (value == null) {
      return "(unset)";
    }
    if (value instanceof Password) {
      // Never print a secret, even a default one.
      return "(hidden)";
    }
    String text =
        value instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(value);
    return text.isEmpty() ? "\"\"" : "`" + text + "`";
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
