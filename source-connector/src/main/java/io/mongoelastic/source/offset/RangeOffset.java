package io.mongoelastic.source.offset;

import java.util.HashMap;
import java.util.Map;
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

  public static RangeOffset fromMap(Map<String, ?> map) {
    if (map == null) {
      return NOT_STARTED;
    }
    String lastId = OffsetValues.string(map, LAST_ID);
    return new RangeOffset(
        lastId == null ? null : BsonJson.parseValue(lastId), OffsetValues.bool(map, DONE));
  }
}
