package io.mongoelastic.source.offset;

import io.mongoelastic.common.record.SnapshotReason;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * What the owner task of a collection last committed about it.
 *
 * <ul>
 *   <li>{@link Phase#SNAPSHOT}: snapshot {@code snapshotId} was announced (start markers sent); its
 *       plan ({@code startAt}, {@code splits}, {@code bound}) is stored so a restart continues the
 *       same one.
 *   <li>{@link Phase#STREAM}: the snapshot (if any) ended; the change stream resumes after {@code
 *       resumeToken} ({@code startAfter} when that token is an invalidate event), or, without a
 *       token, starts at {@code startAt}.
 *   <li>{@link Phase#DONE}: {@code snapshot.mode=initial_only} finished this collection.
 * </ul>
 *
 * <p>Every phase carries the last snapshot's id and {@code reason}, and the {@code resyncToken}
 * (value of {@code snapshot.resync.request}) the collection was last synced under: a connector
 * started with another token re-snapshots the collection.
 *
 * @param reason why the last snapshot was taken; null when the collection was never snapshotted
 * @param resyncToken {@code snapshot.resync.request} when the last snapshot was announced (or the
 *     stream started); never null, empty when none was set
 * @param startAt cluster time captured before the snapshot read anything (also the snapshot
 *     records' source version)
 * @param startToken resume token captured with {@code startAt}; used when the server reports no
 *     operation time
 * @param uuid the UUID ({@code listCollections info.uuid}) of the collection these positions belong
 *     to; null when unknown (offsets written before it was recorded, or a server without UUIDs):
 *     the owner then records the current one. A different UUID means the collection was replaced
 *     under its name and is synced again.
 * @param positionCollection the collection whose event {@code resumeToken} is the token of, when
 *     that is another collection of the same change stream (a quiet collection's heartbeat on a
 *     busy database); null when the token is this collection's own event, a high-water mark or an
 *     invalidate, as in offsets written before this field. A stream resuming from such a token must
 *     let that collection's events through its {@code $match} until it has passed the token.
 * @param bound while a snapshot runs, the highest {@code _id} its last range is read up to (the
 *     snapshot package's {@code SnapshotBound}): a list of that id, empty when the collection was
 *     empty; null in other phases, and in offsets of earlier builds, whose last range is read to
 *     its end
 */
public record CollectionOffset(
    Phase phase,
    String snapshotId,
    SnapshotReason reason,
    String resyncToken,
    BsonTimestamp startAt,
    BsonDocument startToken,
    List<BsonValue> splits,
    BsonDocument resumeToken,
    boolean startAfter,
    String uuid,
    String positionCollection,
    List<BsonValue> bound) {

  /** Where a collection is in its life cycle. */
  public enum Phase {
    SNAPSHOT,
    STREAM,
    DONE
  }

  static final String PHASE = "phase";
  static final String SNAPSHOT_ID = "snapshot";
  static final String REASON = "reason";
  static final String RESYNC_TOKEN = "resync_token";
  static final String START_AT = "start_at";
  static final String START_TOKEN = "start_token";
  static final String SPLITS = "splits";
  static final String RESUME_TOKEN = "resume_token";
  static final String START_AFTER = "start_after";
  static final String UUID = "collection_uuid";
  static final String POSITION_COLLECTION = "position_collection";
  static final String HIGHEST_ID = "highest_id";

  public CollectionOffset {
    resyncToken = resyncToken == null ? "" : resyncToken;
  }

  /**
   * A position in {@code phase}; the other fields start unset (no snapshot, reason or tokens, no
   * resync token, no splits, {@code startAfter} false) and are set on the builder.
   */
  public static Builder builder(Phase phase) {
    return new Builder(phase);
  }

  /** A builder holding every field of this position, to change some of them. */
  public Builder toBuilder() {
    return new Builder(phase)
        .snapshotId(snapshotId)
        .reason(reason)
        .resyncToken(resyncToken)
        .startAt(startAt)
        .startToken(startToken)
        .splits(splits)
        .resumeToken(resumeToken)
        .startAfter(startAfter)
        .uuid(uuid)
        .positionCollection(positionCollection)
        .bound(bound);
  }

  /** The same position, recorded for the collection with this UUID. */
  public CollectionOffset withUuid(String collectionUuid) {
    return toBuilder().uuid(collectionUuid).build();
  }

  /** The same position with a newer resume token: this collection's event or a high-water mark. */
  public CollectionOffset withResumeToken(BsonDocument token, boolean isInvalidate) {
    return withResumeToken(token, isInvalidate, null);
  }

  /**
   * The same position at {@code token}, the event of {@code eventCollection}, another collection of
   * the change stream (null: this collection's own event or a high-water mark).
   */
  public CollectionOffset withEventOf(BsonDocument token, String eventCollection) {
    return withResumeToken(token, false, eventCollection);
  }

  private CollectionOffset withResumeToken(
      BsonDocument token, boolean isInvalidate, String eventCollection) {
    return toBuilder()
        .phase(Phase.STREAM)
        .splits(List.of())
        .bound(null)
        .resumeToken(token)
        .startAfter(isInvalidate)
        .positionCollection(eventCollection)
        .build();
  }

  public Map<String, Object> toMap() {
    Map<String, Object> map = new HashMap<>();
    map.put(PHASE, phase.name().toLowerCase(Locale.ROOT));
    if (snapshotId != null) {
      map.put(SNAPSHOT_ID, snapshotId);
    }
    if (reason != null) {
      map.put(REASON, reason.wireValue());
    }
    if (!resyncToken.isEmpty()) {
      map.put(RESYNC_TOKEN, resyncToken);
    }
    if (startAt != null) {
      map.put(START_AT, startAt.getValue());
    }
    if (startToken != null) {
      map.put(START_TOKEN, BsonJson.document(startToken));
    }
    if (splits != null && !splits.isEmpty()) {
      map.put(SPLITS, BsonJson.array(splits));
    }
    if (bound != null) {
      map.put(HIGHEST_ID, BsonJson.array(bound));
    }
    if (resumeToken != null) {
      map.put(RESUME_TOKEN, BsonJson.document(resumeToken));
      map.put(START_AFTER, startAfter);
    }
    if (uuid != null) {
      map.put(UUID, uuid);
    }
    if (resumeToken != null && positionCollection != null) {
      map.put(POSITION_COLLECTION, positionCollection);
    }
    return map;
  }

  /** Null when nothing was stored. */
  public static CollectionOffset fromMap(Map<String, ?> map) {
    if (map == null || map.get(PHASE) == null) {
      return null;
    }
    Long startAt = OffsetValues.number(map, START_AT);
    String startToken = OffsetValues.string(map, START_TOKEN);
    String splits = OffsetValues.string(map, SPLITS);
    String token = OffsetValues.string(map, RESUME_TOKEN);
    String reason = OffsetValues.string(map, REASON);
    String highestId = OffsetValues.string(map, HIGHEST_ID);
    return builder(Phase.valueOf(OffsetValues.string(map, PHASE).toUpperCase(Locale.ROOT)))
        .snapshotId(OffsetValues.string(map, SNAPSHOT_ID))
        .reason(reason == null ? null : SnapshotReason.fromWireValue(reason))
        .resyncToken(OffsetValues.string(map, RESYNC_TOKEN))
        .startAt(startAt == null ? null : new BsonTimestamp(startAt))
        .startToken(startToken == null ? null : BsonJson.parseDocument(startToken))
        .splits(splits == null ? List.of() : BsonJson.parseArray(splits))
        .resumeToken(token == null ? null : BsonJson.parseDocument(token))
        .startAfter(OffsetValues.bool(map, START_AFTER))
        .uuid(OffsetValues.string(map, UUID))
        .positionCollection(token == null ? null : OffsetValues.string(map, POSITION_COLLECTION))
        .bound(highestId == null ? null : BsonJson.parseArray(highestId))
        .build();
  }

  /**
   * Sets the fields of a {@link CollectionOffset} one by one, so a field added later needs no new
   * constructor and callers name what they set.
   */
  public static final class Builder {
    private Phase phase;
    private String snapshotId;
    private SnapshotReason reason;
    private String resyncToken = "";
    private BsonTimestamp startAt;
    private BsonDocument startToken;
    private List<BsonValue> splits = List.of();
    private BsonDocument resumeToken;
    private boolean startAfter;
    private String uuid;
    private String positionCollection;
    private List<BsonValue> bound;

    private Builder(Phase phase) {
      this.phase = phase;
    }

    public Builder phase(Phase phase) {
      this.phase = phase;
      return this;
    }

    public Builder snapshotId(String snapshotId) {
      this.snapshotId = snapshotId;
      return this;
    }

    public Builder reason(SnapshotReason reason) {
      this.reason = reason;
      return this;
    }

    public Builder resyncToken(String resyncToken) {
      this.resyncToken = resyncToken;
      return this;
    }

    public Builder startAt(BsonTimestamp startAt) {
      this.startAt = startAt;
      return this;
    }

    public Builder startToken(BsonDocument startToken) {
      this.startToken = startToken;
      return this;
    }

    public Builder splits(List<BsonValue> splits) {
      this.splits = splits;
      return this;
    }

    public Builder resumeToken(BsonDocument resumeToken) {
      this.resumeToken = resumeToken;
      return this;
    }

    /** Whether {@code resumeToken} is an invalidate event's (the stream opens with startAfter). */
    public Builder startAfter(boolean startAfter) {
      this.startAfter = startAfter;
      return this;
    }

    public Builder uuid(String uuid) {
      this.uuid = uuid;
      return this;
    }

    public Builder positionCollection(String positionCollection) {
      this.positionCollection = positionCollection;
      return this;
    }

    /** The snapshot's bound: its highest id, none for an empty collection, null when unbounded. */
    public Builder bound(List<BsonValue> bound) {
      this.bound = bound;
      return this;
    }

    public CollectionOffset build() {
      return new CollectionOffset(
          phase,
          snapshotId,
          reason,
          resyncToken,
          startAt,
          startToken,
          splits,
          resumeToken,
          startAfter,
          uuid,
          positionCollection,
          bound);
    }
  }
}
