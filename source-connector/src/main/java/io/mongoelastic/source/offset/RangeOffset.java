package io.mongoelastic.source.offset;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Progress of one snapshot range: the last {@code _id} sent (exact BSON type kept), whether the
 * range's read is complete ({@code done}), where the range's own change stream continues ({@code
 * resumeToken}, {@code startAfter} when that token is an invalidate event) and whether that stream
 * has handed over to the collection's stream ({@code closed}), or stopped because the oplog no
 * longer held its position ({@code historyLost}, closed too). A restart continues the read after
 * {@code lastId} and the stream after {@code resumeToken}.
 *
 * <p>Offsets stored before range streams existed have neither token nor {@code closed}: a range
 * read by then counts as closed.
 */
public record RangeOffset(
    BsonValue lastId,
    boolean done,
    BsonDocument resumeToken,
    boolean startAfter,
    boolean closed,
    boolean historyLost) {
  static final String LAST_ID = "last_id";
  static final String DONE = "done";
  static final String RESUME_TOKEN = "resume_token";
  static final String START_AFTER = "start_after";
  static final String CLOSED = "closed";
  static final String HISTORY_LOST = "history_lost";

  public static final RangeOffset NOT_STARTED =
      new RangeOffset(null, false, null, false, false, false);

  /** A read in progress or done, without a stream position (offsets of the previous protocol). */
  public RangeOffset(BsonValue lastId, boolean done) {
    this(lastId, done, null, false, done, false);
  }

  public RangeOffset withLastId(BsonValue id) {
    return new RangeOffset(id, done, resumeToken, startAfter, closed, historyLost);
  }

  public RangeOffset readDone() {
    return new RangeOffset(lastId, true, resumeToken, startAfter, closed, historyLost);
  }

  public RangeOffset withResumeToken(BsonDocument token, boolean isInvalidate) {
    return new RangeOffset(lastId, done, token, isInvalidate, closed, historyLost);
  }

  public RangeOffset closedNow() {
    return new RangeOffset(lastId, done, resumeToken, startAfter, true, historyLost);
  }

  /** Closed because the range's stream lost its position: the snapshot cannot complete. */
  public RangeOffset lostHistory() {
    return new RangeOffset(lastId, done, resumeToken, startAfter, true, true);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new HashMap<>();
    if (lastId != null) {
      map.put(LAST_ID, BsonJson.value(lastId));
    }
    map.put(DONE, done);
    if (resumeToken != null) {
      map.put(RESUME_TOKEN, BsonJson.document(resumeToken));
      map.put(START_AFTER, startAfter);
    }
    map.put(CLOSED, closed);
    if (historyLost) {
      map.put(HISTORY_LOST, true);
    }
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
        map = Collections.unmodifiableMap(offset.toMap());
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
    String token = OffsetValues.string(map, RESUME_TOKEN);
    boolean done = OffsetValues.bool(map, DONE);
    return new RangeOffset(
        lastId == null ? null : BsonJson.parseValue(lastId),
        done,
        token == null ? null : BsonJson.parseDocument(token),
        OffsetValues.bool(map, START_AFTER),
        map.containsKey(CLOSED) ? OffsetValues.bool(map, CLOSED) : done,
        OffsetValues.bool(map, HISTORY_LOST));
  }
}
