package io.mongoelastic.sink.index;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes a string a valid Elasticsearch index name, deterministically:
 *
 * <ol>
 *   <li>lower case (root locale);
 *   <li>each of {@code \ / * ? " < > | , # :} and whitespace becomes {@code _};
 *   <li>leading {@code - _ + .} are removed (a leading dot would make a hidden/system-style name);
 *   <li>an empty result becomes {@value #EMPTY_REPLACEMENT};
 *   <li>a name over {@value #MAX_BYTES} UTF-8 bytes is cut and ends with {@code -} and the first 16
 *       hex digits of the SHA-256 of the whole (sanitized) name, so distinct long names stay
 *       distinct.
 * </ol>
 */
public final class IndexNameSanitizer {
  /** Longest index name Elasticsearch accepts, in UTF-8 bytes. */
  public static final int MAX_BYTES = 255;

  /** Name used when nothing valid is left. */
  public static final String EMPTY_REPLACEMENT = "index";

  private static final String FORBIDDEN = "\\/*?\"<>|,#:";
  private static final int HASH_DIGITS = 16;

  private IndexNameSanitizer() {}

  /** A valid index name made from {@code name}. */
  public static String sanitize(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    StringBuilder result = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      result.append(FORBIDDEN.indexOf(c) >= 0 || Character.isWhitespace(c) ? '_' : c);
    }
    int start = 0;
    while (start < result.length() && "-_+.".indexOf(result.charAt(start)) >= 0) {
      start++;
    }
    String cleaned = result.substring(start);
    if (cleaned.isEmpty()) {
      return EMPTY_REPLACEMENT;
    }
    byte[] utf8 = cleaned.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_BYTES) {
      return cleaned;
    }
    String suffix = "-" + HexFormat.of().formatHex(sha256(utf8)).substring(0, HASH_DIGITS);
    return prefixWithin(cleaned, MAX_BYTES - suffix.length()) + suffix;
  }

  /**
   * Why {@code name} is not a valid index name, for validating explicit names in the config; empty
   * when it is valid. Names starting with a dot are accepted (hidden indices).
   */
  public static Optional<String> problemWith(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("an index name cannot be empty");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of("an index name cannot be '.' or '..'");
    }
    if (!name.equals(name.toLowerCase(Locale.ROOT))) {
      return Optional.of("an index name must be lower case");
    }
    if ("-_+".indexOf(name.charAt(0)) >= 0) {
      return Optional.of("an index name cannot start with '-', '_' or '+'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (FORBIDDEN.indexOf(c) >= 0 || Character.isWhitespace(c)) {
        return Optional.of("an index name cannot contain \\ / * ? \" < > | , # : or whitespace");
      }
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("an index name cannot be longer than " + MAX_BYTES + " bytes");
    }
    return Optional.empty();
  }

  private static String prefixWithin(String text, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      i += Character.charCount(codePoint);
    }
    return text.substring(0, i);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
