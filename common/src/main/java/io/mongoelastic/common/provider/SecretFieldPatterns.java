package io.mongoelastic.common.provider;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which field names are secret: glob patterns where {@code *} matches any characters, compared
 * case-insensitively with the whole field name. A secret field refuses plain text.
 */
public final class SecretFieldPatterns {
  private final List<Pattern> patterns;

  public SecretFieldPatterns(List<String> globs) {
    this.patterns =
        globs.stream()
            .map(String::trim)
            .filter(g -> !g.isEmpty())
            .map(SecretFieldPatterns::toRegex)
            .toList();
  }

  public boolean isSecret(String field) {
    String name = field.toLowerCase(Locale.ROOT);
    return patterns.stream().anyMatch(p -> p.matcher(name).matches());
  }

  private static Pattern toRegex(String glob) {
    List<String> parts = List.of(glob.toLowerCase(Locale.ROOT).split("\\*", -1));
    return Pattern.compile(String.join(".*", parts.stream().map(Pattern::quote).toList()));
  }
}
