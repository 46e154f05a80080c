package io.mongoelastic.common.provider;

import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.mongoelastic.common.crypto.KeyFileException;
import io.mongoelastic.common.crypto.KeyFiles;
import io.mongoelastic.common.crypto.KeyRing;
import io.mongoelastic.common.crypto.SecretOpener;
import io.mongoelastic.common.elasticsearch.ElasticsearchClientFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code ${<alias>:<documentId>:<field>}} from config documents stored in Elasticsearch,
 * decrypting values sealed with the worker's public key (see {@code docs/config-provider.md}).
 *
 * <p>The path is a document id of {@code config.index}, which must be listed in {@code
 * allowed.documents}; each key is a top-level field name of that document. A missing document or
 * field, a forbidden id, an unreachable cluster or a value that does not decrypt raises a {@link
 * ConfigException} naming the document and field, never a value, so no placeholder reaches a
 * connector. Returned data carries {@code cache.ttl.ms} as TTL. Thread-safe; logs name documents
 * and fields only.
 */
public final class ElasticsearchConfigProvider implements ConfigProvider {
  private static final Logger log = LoggerFactory.getLogger(ElasticsearchConfigProvider.class);

  // Set once by configure() before any get(); volatile so every herder thread sees them.
  private volatile ElasticsearchConfigProviderConfig config;
  private volatile Rest5Client client;
  private volatile ConfigDocumentStore store;
  private volatile ConfigValueResolver resolver;
  private final Map<String, CachedDocument> cache = new ConcurrentHashMap<>();

  private record CachedDocument(Map<String, Object> source, long expiresAtNanos) {}

  @Override
  public void configure(Map<String, ?> params) {
    ElasticsearchConfigProviderConfig parsed = new ElasticsearchConfigProviderConfig(params);
    KeyRing keys;
    try {
      keys =
          parsed.privateKeysPath() == null
              ? new KeyRing(List.of())
              : KeyFiles.loadPrivateKeys(parsed.privateKeysPath());
    } catch (KeyFileException e) {
      throw new ConfigException(missingKeysMessage(parsed.privateKeysPath(), e));
    }
    this.config = parsed;
    this.client = ElasticsearchClientFactory.lowLevelClient(parsed.connection());
    this.store = new ConfigDocumentStore(client, parsed.index());
    this.resolver =
        new ConfigValueResolver(parsed.index(), new SecretOpener(keys), parsed.secretFields());
    log.info(
        "Config provider reads index '{}' with {} private key(s) {}",
        parsed.index(),
        keys.keyIds().size(),
        keys.keyIds());
  }

  private static String missingKeysMessage(String location, KeyFileException cause) {
    return ElasticsearchConfigProviderConfig.PRIVATE_KEYS_PATH
        + " ("
        + location
        + "): "
        + cause.getMessage()
        + ". "
        + ElasticsearchConfigProviderConfig.GENERATE_KEYS_REMEDY
        + ".";
  }

  /** Every field of the document. */
  @Override
  public ConfigData get(String path) {
    Map<String, Object> source = document(path);
    return get(path, source.keySet());
  }

  @Override
  public ConfigData get(String path, Set<String> keys) {
    if (keys == null || keys.isEmpty()) {
      return new ConfigData(Map.of(), ttl());
    }
    Map<String, Object> source = document(path);
    Map<String, String> values = new HashMap<>();
    for (String key : keys) {
      values.put(key, resolver.resolve(path, source, key));
    }
    log.debug("Resolved fields {} of config document '{}'", keys, path);
    return new ConfigData(values, ttl());
  }

  private Long ttl() {
    return config.cacheTtlMs() > 0 ? config.cacheTtlMs() : null;
  }

  private Map<String, Object> document(String documentId) {
    requireConfigured();
    if (documentId == null || documentId.isBlank()) {
      throw new ConfigException(
          "A placeholder of the Elasticsearch config provider needs a document id:"
              + " ${<alias>:<documentId>:<field>}");
    }
    if (!config.isAllowed(documentId)) {
      throw new ConfigException(
          "Config document '"
              + documentId
              + "' is not allowed: add it to the provider's "
              + ElasticsearchConfigProviderConfig.ALLOWED_DOCUMENTS);
    }
    long now = System.nanoTime();
    CachedDocument cached = cache.get(documentId);
    if (cached != null && now - cached.expiresAtNanos() < 0) {
      return cached.source();
    }
    Map<String, Object> source;
    try {
      source =
          store
              .get(documentId)
              .orElseThrow(
                  () ->
                      new ConfigException(
                          "Config document '"
                              + documentId
                              + "' does not exist in index '"
                              + config.index()
                              + "'; write it with mongoelastic put"))
              .source();
    } catch (IOException e) {
      // Connection errors carry no values; the exception type and message say what went wrong.
      throw new ConfigException(
          "Cannot read config document '"
              + documentId
              + "' from index '"
              + config.index()
              + "': Elasticsearch is unreachable or failed ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "); check elasticsearch.urls and credentials");
    }
    if (config.cacheTtlMs() > 0) {
      // Half the TTL: the restart Connect schedules after one TTL then reads fresh data.
      cache.put(documentId, new CachedDocument(source, now + config.cacheTtlMs() * 500_000L));
    }
    return source;
  }

  private void requireConfigured() {
    if (config == null) {
      throw new IllegalStateException("configure() was not called");
    }
  }

  @Override
  public void close() throws IOException {
    cache.clear();
    if (client != null) {
      client.close();
    }
  }
}
