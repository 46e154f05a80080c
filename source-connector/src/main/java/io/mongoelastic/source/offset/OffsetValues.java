package io.mongoelastic.source.offset;

import java.util.Map;

/** Reading typed values back from offset maps (the worker may turn ints into longs). */
final class OffsetValues {
  private OffsetValues() {}

  static String string(Map<String, ?> map, String key) {
    Object value = map.get(key);
    return value == null ? null : value.toString();
  }

  static Long number(Map<String, ?> map, String key) {
    Object value = map.get(key);
    return value instanceof Number n ? n.longValue() : null;
  }

  static boolean bool(Map<String, ?> map, String key) {
    return Boolean.TRUE.equals(map.get(key)) || "true".equals(map.get(key));
  }
}
