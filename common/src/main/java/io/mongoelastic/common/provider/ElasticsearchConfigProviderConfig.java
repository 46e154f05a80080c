package io.mongoelastic.common.provider;

import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Settings of {@link ElasticsearchConfigProvider}, given on the worker as {@code
 * config.providers.<alias>.param.<key>}: the shared Elasticsearch connection block plus the keys
 * below. The provider lowers the connection's timeout defaults so an unreachable cluster fails a
 * connector within seconds instead of blocking the worker's herder.
 */
public final class ElasticsearchConfigProviderConfig extends AbstractConfig {
  public static final String GROUP = "Config documents";

  public static final String CONFIG_INDEX = "config.index";
  public static final String PRIVATE_KEYS_PATH = "private.keys.path";
  public static final String CACHE_TTL_MS = "cache.ttl.ms";
  public static final String ALLOWED_DOCUMENTS = "allowed.documents";
  public static final String SECRET_FIELDS = "secret.fields";

  public static final String DEFAULT_INDEX = "mongoelastic-config";

  /** What to do when private.keys.path holds no key: the worker cannot start without one. */
  static final String GENERATE_KEYS_REMEDY =
      "Generate the worker's key pair with `java -jar common-<version>-cli.jar keys generate --out"
          + " <folder>` and point private.keys.path (and the REST extension's"
          + " mongoelastic.keys.path) at that folder, or leave private.keys.path empty when no value"
          + " is encrypted";

  public static final String ALLOW_ALL = "*";
  static final int DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
  static final int DEFAULT_READ_TIMEOUT_MS = 5_000;

  public static final ConfigDef CONFIG_DEF = define();

  private final ElasticsearchConnectionConfig connection;

  public ElasticsearchConfigProviderConfig(Map<String, ?> params) {
    super(CONFIG_DEF, withProviderDefaults(params), false);
    this.connection = ElasticsearchConnectionConfig.from(withProviderDefaults(params));
  }

  private static Map<String, Object> withProviderDefaults(Map<String, ?> params) {
    Map<String, Object> map = new HashMap<>(params);
    map.putIfAbsent(
        ElasticsearchConnectionConfig.CONNECT_TIMEOUT_MS,
        Integer.toString(DEFAULT_CONNECT_TIMEOUT_MS));
    map.putIfAbsent(
        ElasticsearchConnectionConfig.READ_TIMEOUT_MS, Integer.toString(DEFAULT_READ_TIMEOUT_MS));
    return map;
  }

  private static ConfigDef define() {
    ConfigDef def = new ConfigDef();
    // The shared block, with shorter timeout defaults: a provider call blocks the worker's herder.
    for (ConfigDef.ConfigKey key : ElasticsearchConnectionConfig.CONFIG_DEF.configKeys().values()) {
      Object defaultValue = key.defaultValue;
      if (key.name.equals(ElasticsearchConnectionConfig.CONNECT_TIMEOUT_MS)) {
        defaultValue = DEFAULT_CONNECT_TIMEOUT_MS;
      } else if (key.name.equals(ElasticsearchConnectionConfig.READ_TIMEOUT_MS)) {
        defaultValue = DEFAULT_READ_TIMEOUT_MS;
      }
      def.define(
          new ConfigDef.ConfigKey(
              key.name,
              key.type,
              defaultValue,
              key.validator,
              key.importance,
              key.documentation,
              key.group,
              key.orderInGroup,
              key.width,
              key.displayName,
              key.dependents,
              key.recommender,
              key.internalConfig));
    }
    int order = 0;
    return def.define(
            CONFIG_INDEX,
            Type.STRING,
            DEFAULT_INDEX,
            new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.HIGH,
            "Index (or alias) holding the config documents. Encrypted values are bound to this"
                + " name: the CLI and the provider must use the same one.",
            GROUP,
            ++order,
            Width.MEDIUM,
            "Config index")
        .define(
            PRIVATE_KEYS_PATH,
            Type.STRING,
            "",
            existingPaths(),
            Importance.HIGH,
            "Private key(s) that decrypt values: a PEM file, comma-separated PEM files, or a folder"
                + " whose *.pem files are read (only 'PRIVATE KEY' blocks are used). Several keys"
                + " allow rotation. Empty: only plain (non-secret) fields can be served.",
            GROUP,
            ++order,
            Width.LONG,
            "Private keys")
        .define(
            ALLOWED_DOCUMENTS,
            Type.LIST,
            "",
            nonBlankEntries("document ids, or *"),
            Importance.HIGH,
            "Ids of the config documents this provider may serve; a placeholder naming any other"
                + " document fails. Empty (the default) serves none; '*' serves every document of"
                + " the index.",
            GROUP,
            ++order,
            Width.LONG,
            "Allowed documents")
        .define(
            SECRET_FIELDS,
            Type.LIST,
            "*password*,*secret*,*token*,*api.key*,*credential*,*.uri",
            nonBlankEntries("field-name patterns, e.g. *password*"),
            Importance.MEDIUM,
            "Field-name patterns ('*' = any characters, case-insensitive) of secret fields: such a"
                + " field must hold an encrypted value and refuses plain text. Any field holding an"
                + " encrypted value must decrypt, whether it matches or not.",
            GROUP,
            ++order,
            Width.LONG,
            "Secret fields")
        .define(
            CACHE_TTL_MS,
            Type.LONG,
            300_000L,
            ConfigDef.Range.atLeast(0),
            Importance.MEDIUM,
            "How long a fetched document is reused, and the TTL returned to Connect with every"
                + " value: with the worker's config.action.reload=restart (the default) Connect"
                + " restarts the connector after this time, picking up changed values. 0 disables"
                + " both the cache and the TTL (values are read at each resolution, no automatic"
                + " restart).",
            GROUP,
            ++order,
            Width.SHORT,
            "Cache TTL (ms)");
  }

  private static ConfigDef.Validator existingPaths() {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          String text = value == null ? "" : value.toString();
          for (String part : text.split(",")) {
            if (!part.isBlank()
                && !java.nio.file.Files.exists(java.nio.file.Path.of(part.trim()))) {
              throw new org.apache.kafka.common.config.ConfigException(
                  name,
                  part.trim(),
                  "No such key file or folder on the worker. " + GENERATE_KEYS_REMEDY + ".");
            }
          }
        },
        () -> "empty, or comma-separated existing files or folders");
  }

  private static ConfigDef.Validator nonBlankEntries(String what) {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          for (Object entry : (List<?>) value) {
            if (entry.toString().isBlank()) {
              throw new org.apache.kafka.common.config.ConfigException(
                  name, value, "Remove the empty entry");
            }
          }
        },
        () -> what);
  }

  public ElasticsearchConnectionConfig connection() {
    return connection;
  }

  public String index() {
    return getString(CONFIG_INDEX);
  }

  /** Null when no private keys are configured. */
  public String privateKeysPath() {
    String path = getString(PRIVATE_KEYS_PATH);
    return path == null || path.isBlank() ? null : path;
  }

  public long cacheTtlMs() {
    return getLong(CACHE_TTL_MS);
  }

  public boolean isAllowed(String documentId) {
    List<String> allowed = getList(ALLOWED_DOCUMENTS);
    return allowed.contains(ALLOW_ALL) || allowed.contains(documentId);
  }

  public SecretFieldPatterns secretFields() {
    return new SecretFieldPatterns(getList(SECRET_FIELDS));
  }
}
