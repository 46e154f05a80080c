package io.mongoelastic.sink.resync;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the physical indices behind one logical name (the alias users query): {@code
 * <logical>-<generation>}, the generation zero-padded to six digits ({@code
 * mongodb.shop.products-000001}). A counter rather than the snapshot id keeps names short, valid
 * whatever the id contains, and sortable; the snapshot id is kept in the state document.
 */
public final class PhysicalIndexNames {
  private static final int MAX_INDEX_NAME_BYTES = 255;

  private PhysicalIndexNames() {}

  public static String physical(String logical, long generation) {
    if (generation < 1) {
      throw new IllegalArgumentException("Generation must be positive: " + generation);
    }
    String name = logical + "-" + String.format("%06d", generation);
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_INDEX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "Index name "
              + name
              + " is longer than Elasticsearch allows (255 bytes); shorten the topic or map it to"
              + " a shorter index name");
    }
    return name;
  }

  /** The generation of a physical index of this logical name, or empty for any other name. */
  public static OptionalLong generationOf(String logical, String index) {
    Matcher matcher = pattern(logical).matcher(index);
    return matcher.matches()
        ? OptionalLong.of(Long.parseLong(matcher.group(1)))
        : OptionalLong.empty();
  }

  /** Whether a name is one of this logical name's physical indices. */
  public static boolean isPhysicalOf(String logical, String index) {
    return generationOf(logical, index).isPresent();
  }

  private static Pattern pattern(String logical) {
    return Pattern.compile(Pattern.quote(logical) + "-(\\d{6,18})");
  }
}
