package io.mongoelastic.source.offset;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.bson.BsonValue;

/**
 * Progress of one snapshot range: the last {@code _id} sent (exact BSON type kept) and whether the
 * range is complete. A restart continues after {@code lastId}.
 */
public record RangeOffset(BsonValue lastId, boolean done) {
  static final String LAST_ID = "last_id";
  static final String DONE = "done";

  public static final RangeOffset NOT_STARTED = new RangeOffset(null, false);

  public Map<String, Object> toMap() {
    Map<String, Object> map = new HashMap<>();
    if (lastId != null) {
      map.put(LAST_ID, BsonJson.value(lastId));
    }
    map.put(DONE, done);
    return map;
  }

  /**
   * The same map as {@link #toMap()}, built on first read. Every snapshot record carries one, but
   * the worker serializes only the newest per partition when it commits, so most are never read and
   * their Extended JSON {@code _id} need not be written.
   */
  public Map<String, Object> toDeferredMap() {
    return new Deferred(this);
  }

  private static final class Deferred extends AbstractMap<String, Object> {
    private final RangeOffset offset;
    // Read by the worker's offset-commit thread: publish the built map safely.
    private volatile Map<String, Object> built;

    Deferred(RangeOffset offset) {
      this.offset = offset;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      Map<String, Object> map = built;
      if (map == null) {
        map = java.util.Collections.unmodifiableMap(offset.toMap());
        built = map;
      }
      return map.entrySet();
    }
  }

  public static RangeOffset fromMap(Map<String, ?> map) {
    if (map == null) {
      return NOT_STARTED;
    }
    String lastId = OffsetValues.string(map, LAST_ID);
    return new RangeOffset(
        lastId == null ? null : BsonJson.parseValue(lastId), OffsetValues.bool(map, DONE));
  }
}
