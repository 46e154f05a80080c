package io.mongoelastic.source.snapshot;

import io.mongoelastic.common.record.SnapshotReason;
import io.mongoelastic.common.record.SourceVersion;
import io.mongoelastic.source.offset.CollectionOffset;
import io.mongoelastic.source.stream.StartPoint;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;
import org.bson.BsonValue;

/**
 * One snapshot of one collection: its id, why it is taken, the stream start point captured before
 * anything was read, and the {@code _id} split points dividing it into {@code splits.size() + 1}
 * ranges.
 *
 * @param startAt cluster time captured before the read; its value is the source version of the
 *     snapshot's records (a lower bound of the read time)
 * @param startToken resume token captured with it, or null; the stream starts from it when present,
 *     else at {@code startAt}
 * @param collectionUuid the collection's UUID read before the start point, or null (no such
 *     collection, or a plan from before UUIDs were planned): a different UUID when every range has
 *     closed means the collection was replaced while the snapshot read it
 * @param bound the collection's highest {@code _id} read after the start point, up to which the
 *     last range is read ({@link #readRange}); null when none limits it (a plan of an earlier
 *     build, or a collection whose ids are all MaxKey or unordered): the last range is then read to
 *     its end
 */
public record SnapshotPlan(
    String namespace,
    String snapshotId,
    SnapshotReason reason,
    BsonTimestamp startAt,
    BsonDocument startToken,
    List<BsonValue> splits,
    String collectionUuid,
    SnapshotBound bound) {

  /** A plan without a known collection UUID or bound. */
  public SnapshotPlan(
      String namespace,
      String snapshotId,
      SnapshotReason reason,
      BsonTimestamp startAt,
      BsonDocument startToken,
      List<BsonValue> splits) {
    this(namespace, snapshotId, reason, startAt, startToken, splits, null, null);
  }

  /**
   * The plan of an announced snapshot, as its owner stored it with the start markers. Offsets
   * written before reasons were recorded count as {@link SnapshotReason#INITIAL}; those written
   * before bounds were recorded read their last range to its end, as they did.
   */
  public static SnapshotPlan announced(String namespace, CollectionOffset stored) {
    return new SnapshotPlan(
        namespace,
        stored.snapshotId(),
        stored.reason() == null ? SnapshotReason.INITIAL : stored.reason(),
        stored.startAt(),
        stored.startToken(),
        stored.splits(),
        stored.uuid(),
        stored.bound() == null ? null : SnapshotBound.ofIds(stored.bound()));
  }

  /**
   * The owner's offset for this snapshot: while it runs ({@code SNAPSHOT}, with the split points a
   * restart needs), or once it ended ({@code STREAM} or {@code DONE}, streaming from the start
   * point).
   *
   * @param collectionUuid the UUID of the collection read, or null when unknown
   */
  public CollectionOffset offset(
      CollectionOffset.Phase phase, String resyncToken, String collectionUuid) {
    return CollectionOffset.builder(phase)
        .snapshotId(snapshotId)
        .reason(reason)
        .resyncToken(resyncToken)
        .startAt(startAt)
        .startToken(startToken)
        .splits(phase == CollectionOffset.Phase.SNAPSHOT ? splits : List.of())
        .bound(phase == CollectionOffset.Phase.SNAPSHOT && bound != null ? bound.ids() : null)
        .uuid(collectionUuid)
        .build();
  }

  /** The source version of the snapshot's records: see {@link SourceVersion}. */
  public long version() {
    return SourceVersion.of(startAt.getTime(), startAt.getInc());
  }

  /**
   * The cluster time every snapshot read is causally after: the start point, or its token's time
   * when later (see {@link StartPoint#readAfter}).
   */
  public BsonTimestamp readAfter() {
    return new StartPoint(startAt, startToken).readAfter();
  }

  public int rangeCount() {
    return splits.size() + 1;
  }

  /**
   * The ids range {@code index} holds: what its stream follows. The last range has no upper end, so
   * its stream also sends the documents inserted above the {@link #bound} while the snapshot runs.
   */
  public IdRange range(int index) {
    return new IdRange(
        index == 0 ? null : splits.get(index - 1),
        index == splits.size() ? null : splits.get(index));
  }

  /**
   * The ids of range {@code index} its reader reads: the range, the last one only up to the {@link
   * #bound} (see {@link SnapshotBound} for why nothing is lost).
   */
  public IdRange readRange(int index) {
    IdRange range = range(index);
    return index == splits.size() && bound != null ? bound.limit(range) : range;
  }
}
