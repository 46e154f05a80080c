package io.mongoelastic.source;

import com.mongodb.client.MongoDatabase;
import io.mongoelastic.common.record.SnapshotReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a collection replaced under the same name from the one that was synced, by its UUID ({@code
 * listCollections} {@code info.uuid}). MongoDB sends watchers of a name no event when a collection
 * is dropped and re-created while nobody watches, renamed onto it ({@code dropTarget}) or written
 * by {@code $out}: the stream simply continues with the new collection's later changes, and the
 * documents it held from the start never arrive. Only the UUID shows it.
 *
 * <p>Checked by the collection's owner before its stream opens (task start, after a snapshot) and
 * then every {@code heartbeat.interval.ms} (30 s when heartbeats are off): the owner holds the
 * stream and the offsets, so the answer (a new snapshot) takes the same path as lost history, and
 * the check also works with collection discovery off. The collections of a task share their
 * listings ({@link CollectionUuids}): one {@code listCollections} per task and interval.
 */
final class CollectionIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionIdentity.class);
  private static final long DEFAULT_INTERVAL_MS = 30_000;
  private static final long CURRENT_MS = 1_000;

  private final CollectionUuids uuids;
  private final String database;
  private final String collection;
  private final long intervalMs;
  private long lastCheck;

  CollectionIdentity(MongoDatabase database, String collection, long heartbeatIntervalMs) {
    this(new CollectionUuids(database), database.getName(), collection, heartbeatIntervalMs);
  }

  CollectionIdentity(
      CollectionUuids uuids, String database, String collection, long heartbeatIntervalMs) {
    this.uuids = uuids;
    this.database = database;
    this.collection = collection;
    this.intervalMs = heartbeatIntervalMs > 0 ? heartbeatIntervalMs : DEFAULT_INTERVAL_MS;
  }

  /**
   * The collection's UUID now (from a listing of the last second), or null when it does not exist
   * (or the server reports none). A snapshot records it before it reads: a replacement after the
   * listing shows up at the next check, as one after the snapshot started does.
   */
  String current() {
    return listedAfter(System.currentTimeMillis() - CURRENT_MS);
  }

  private String listedAfter(long notBefore) {
    String uuid = uuids.uuidOf(collection, notBefore);
    // Only an answer counts as a check: after a failed one the next step checks again instead of
    // streaming a possibly replaced collection for another interval.
    lastCheck = uuids.listedAt();
    return uuid;
  }

  /** Whether the next check is due (never checked, or the interval passed). */
  boolean due() {
    return System.currentTimeMillis() - lastCheck >= intervalMs;
  }

  /**
   * What the check found.
   *
   * @param current the UUID now, or null when the collection does not exist
   * @param replaced whether it differs from the one synced
   */
  record Check(String current, boolean replaced) {}

  /**
   * Compares the collection's UUID now with {@code synced} and logs a replacement. An unknown
   * {@code synced} (offsets from before UUIDs were recorded) or a missing collection is no
   * replacement: the caller records the first; the second shows up as a new UUID once re-created.
   */
  Check check(String synced) {
    // A listing taken since the check fell due (by another collection's check) answers it too.
    return compare(
        synced, Math.max(lastCheck + intervalMs, System.currentTimeMillis() - intervalMs));
  }

  /**
   * As {@link #check}, from a listing taken now: a listing another collection's check took a moment
   * ago may predate a replacement that ended this collection's snapshot ranges.
   */
  Check checkNow(String synced) {
    return compare(synced, System.currentTimeMillis());
  }

  private Check compare(String synced, long listedNotBefore) {
    String current = listedAfter(listedNotBefore);
    boolean replaced = synced != null && current != null && !synced.equals(current);
    if (replaced) {
      LOG.warn(
          "{}.{} was replaced under its name (collection UUID {} is now {}: dropped and"
              + " re-created, renamed onto, or written by $out), which sends its change stream no"
              + " event. Re-snapshotting it (reason {}).",
          database,
          collection,
          synced,
          current,
          SnapshotReason.COLLECTION_REPLACED.wireValue());
    }
    return new Check(current, replaced);
  }
}
