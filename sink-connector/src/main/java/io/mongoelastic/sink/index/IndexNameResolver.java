package io.mongoelastic.sink.index;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Topic → Elasticsearch index (or alias) name. An explicit {@code topic:index} mapping wins and is
 * used as given (validate it with {@link IndexNameSanitizer#problemWith}); otherwise the pattern
 * (default {@value #DEFAULT_PATTERN}) with every {@value #TOPIC_PLACEHOLDER} replaced by the topic
 * is made a valid index name with {@link IndexNameSanitizer#sanitize}. Results are cached per
 * topic. Thread-safe.
 *
 * <p>The placeholder has no colon, so Kafka's config-provider syntax {@code ${provider:key}} does
 * not touch it.
 */
public final class IndexNameResolver {
  /** The placeholder for the record's topic. */
  public static final String TOPIC_PLACEHOLDER = "${topic}";

  /** The default pattern: the index is named like the topic. */
  public static final String DEFAULT_PATTERN = TOPIC_PLACEHOLDER;

  private final String pattern;
  private final Map<String, String> explicit;
  private final Map<String, String> cache = new ConcurrentHashMap<>();

  /**
   * @param pattern the index name pattern; null or blank means {@value #DEFAULT_PATTERN}
   * @param explicit topic → index names that bypass the pattern (may be empty)
   */
  public IndexNameResolver(String pattern, Map<String, String> explicit) {
    this.pattern = pattern == null || pattern.isBlank() ? DEFAULT_PATTERN : pattern.trim();
    this.explicit = Map.copyOf(explicit);
  }

  /** The index for records of {@code topic} (the record's current topic, after transforms). */
  public String resolve(String topic) {
    return cache.computeIfAbsent(topic, this::compute);
  }

  private String compute(String topic) {
    String name = explicit.get(topic);
    if (name != null) {
      return name;
    }
    return IndexNameSanitizer.sanitize(pattern.replace(TOPIC_PLACEHOLDER, topic));
  }
}
