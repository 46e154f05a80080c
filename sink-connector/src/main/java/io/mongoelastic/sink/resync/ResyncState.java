package io.mongoelastic.sink.resync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The resync state of one logical index, as stored in the state index (one document per logical
 * name, id = the logical name). Immutable; every transition returns a new value, so the transitions
 * are pure and the store applies them under optimistic concurrency.
 *
 * <p>Partitions are Kafka topic-partition ids ({@code topic-partition}). Lists are kept sorted so
 * the document is stable.
 *
 * @param currentIndex the index the alias points to; equal to {@code logicalIndex} when a legacy
 *     concrete index of that name is still in place
 * @param pendingInPlace the pending snapshot fills the current index itself (first sync of an empty
 *     index): no swap at the end
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResyncState(
    @JsonProperty("logical_index") String logicalIndex,
    @JsonProperty("current_index") String currentIndex,
    @JsonProperty("current_generation") long currentGeneration,
    @JsonProperty("next_generation") long nextGeneration,
    @JsonProperty("phase") ResyncPhase phase,
    @JsonProperty("pending_snapshot_id") String pendingSnapshotId,
    @JsonProperty("pending_index") String pendingIndex,
    @JsonProperty("pending_in_place") boolean pendingInPlace,
    @JsonProperty("partition_count") int partitionCount,
    @JsonProperty("started_partitions") List<String> startedPartitions,
    @JsonProperty("ended_partitions") List<String> endedPartitions,
    @JsonProperty("reason") String reason,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("updated_at") String updatedAt,
    @JsonProperty("last_swap_at") String lastSwapAt,
    @JsonProperty("completed_snapshot_ids") List<String> completedSnapshotIds,
    @JsonProperty("abandoned_snapshot_ids") List<String> abandonedSnapshotIds,
    @JsonProperty("retained_indices") List<String> retainedIndices) {

  /** How many finished and abandoned snapshot ids are remembered to recognise redeliveries. */
  static final int REMEMBERED_IDS = 20;

  public ResyncState {
    startedPartitions = sorted(startedPartitions);
    endedPartitions = sorted(endedPartitions);
    completedSnapshotIds = List.copyOf(nullToEmpty(completedSnapshotIds));
    abandonedSnapshotIds = List.copyOf(nullToEmpty(abandonedSnapshotIds));
    retainedIndices = List.copyOf(nullToEmpty(retainedIndices));
    if (phase == null) {
      phase = ResyncPhase.IDLE;
    }
  }

  /** An idle state over an existing current index. */
  public static ResyncState idle(
      String logicalIndex, String currentIndex, long currentGeneration, Instant now) {
    return adopted(logicalIndex, currentIndex, currentGeneration, currentGeneration + 1, now);
  }

  /**
   * An idle state over an existing current index whose next physical index has {@code
   * nextGeneration} (higher than {@code currentGeneration + 1} when later indices exist already).
   */
  public static ResyncState adopted(
      String logicalIndex,
      String currentIndex,
      long currentGeneration,
      long nextGeneration,
      Instant now) {
    Builder idle = new Builder();
    idle.logicalIndex = logicalIndex;
    idle.currentIndex = currentIndex;
    idle.currentGeneration = currentGeneration;
    idle.nextGeneration = nextGeneration;
    idle.updatedAt = now.toString();
    return idle.build();
  }

  /** Whether the current index is a legacy concrete index that carries the logical name. */
  @JsonIgnore
  public boolean legacyCurrent() {
    return logicalIndex.equals(currentIndex);
  }

  /** Whether a snapshot id is unknown to this state (neither pending, finished nor abandoned). */
  public boolean isNewSnapshot(String snapshotId) {
    return !snapshotId.equals(pendingSnapshotId)
        && !completedSnapshotIds.contains(snapshotId)
        && !abandonedSnapshotIds.contains(snapshotId);
  }

  /**
   * Whether an empty current index may take a new snapshot in place (no swap): it must be an
   * aliased physical index, so a legacy index is always replaced.
   */
  public boolean mayFillInPlace() {
    return !legacyCurrent();
  }

  /**
   * The indices a record of this partition must be written to, in order (the alias first).
   *
   * <ul>
   *   <li>idle, in-place fill, or a partition that has not passed the start marker: the alias;
   *   <li>a partition past the start marker: snapshot records to the pending index only; change
   *       records to the alias <em>and</em> the pending index, so searches through the alias stay
   *       fresh until the swap. Writing to the alias rather than the old physical index keeps a
   *       task with a slightly stale view harmless: after the swap both writes land in the new
   *       index, and an external version makes the second one a no-op.
   * </ul>
   */
  public List<String> targetsFor(String partition, boolean snapshotRecord) {
    if (phase == ResyncPhase.IDLE || pendingInPlace || !startedPartitions.contains(partition)) {
      return List.of(logicalIndex);
    }
    return snapshotRecord ? List.of(pendingIndex) : List.of(logicalIndex, pendingIndex);
  }

  /**
   * Applies a start marker.
   *
   * @param emptyCurrent whether the current index holds no document (asked only for a new snapshot
   *     id while {@link #mayFillInPlace()})
   */
  public StartTransition onStart(
      String snapshotId,
      String partition,
      int partitions,
      ResyncReason requested,
      String emptyIndex,
      Instant now) {
    if (snapshotId.equals(pendingSnapshotId)) {
      List<String> started = plus(startedPartitions, partition);
      return new StartTransition(
          withProgress(started, endedPartitions, Math.max(partitionCount, partitions), now),
          StartTransition.Kind.JOINED,
          null);
    }
    if (!isNewSnapshot(snapshotId)) {
      return new StartTransition(this, StartTransition.Kind.STALE, null);
    }
    if (phase == ResyncPhase.SWAPPING) {
      // The alias may already point to the pending index: finish that swap before starting anew.
      return new StartTransition(this, StartTransition.Kind.AWAITING_SWAP, null);
    }
    String abandoned = pendingIndex != null && !pendingInPlace ? pendingIndex : null;
    List<String> abandonedIds =
        pendingSnapshotId == null
            ? abandonedSnapshotIds
            : remember(abandonedSnapshotIds, pendingSnapshotId);
    boolean inPlace = mayFillInPlace() && currentIndex.equals(emptyIndex);
    ResyncReason reason =
        inPlace && requested == ResyncReason.UNSPECIFIED ? ResyncReason.INITIAL : requested;
    long generation = inPlace ? currentGeneration : nextGeneration;
    String pending = inPlace ? currentIndex : PhysicalIndexNames.physical(logicalIndex, generation);
    Builder next = toBuilder().pending(snapshotId, pending, inPlace, now);
    next.nextGeneration = inPlace ? nextGeneration : nextGeneration + 1;
    next.phase = ResyncPhase.FILLING;
    next.partitionCount = partitions;
    next.startedPartitions = List.of(partition);
    next.reason = reason.value();
    next.startedAt = now.toString();
    next.abandonedSnapshotIds = abandonedIds;
    return new StartTransition(
        next.build(),
        abandoned == null ? StartTransition.Kind.STARTED : StartTransition.Kind.SUPERSEDED,
        abandoned);
  }

  /**
   * Applies an end marker. When the last partition ends, an in-place fill completes at once and a
   * fresh-index fill moves to {@link ResyncPhase#SWAPPING}.
   */
  public EndTransition onEnd(String snapshotId, String partition, Instant now) {
    if (!snapshotId.equals(pendingSnapshotId) || phase != ResyncPhase.FILLING) {
      return new EndTransition(this, EndTransition.Kind.STALE);
    }
    List<String> started = plus(startedPartitions, partition);
    List<String> ended = plus(endedPartitions, partition);
    ResyncState recorded = withProgress(started, ended, partitionCount, now);
    if (ended.size() < partitionCount) {
      return new EndTransition(recorded, EndTransition.Kind.RECORDED);
    }
    if (pendingInPlace) {
      return new EndTransition(recorded.completed(false, now), EndTransition.Kind.COMPLETED);
    }
    return new EndTransition(
        recorded.withPhase(ResyncPhase.SWAPPING, now), EndTransition.Kind.ALL_ENDED);
  }

  /**
   * The state after the alias moved to the pending index: it becomes current, the resync is
   * remembered as completed.
   *
   * @param keepOld whether the old physical index is kept (listed as retained) or deleted
   */
  public ResyncState completed(boolean keepOld, Instant now) {
    boolean swapped = !pendingInPlace;
    List<String> retained =
        swapped && keepOld && !legacyCurrent()
            ? plus(retainedIndices, currentIndex)
            : retainedIndices;
    Builder next = toBuilder().pending(null, null, false, now);
    next.currentIndex = pendingIndex;
    if (swapped) {
      next.currentGeneration =
          PhysicalIndexNames.generationOf(logicalIndex, pendingIndex).orElse(0);
      next.lastSwapAt = now.toString();
    }
    next.completedSnapshotIds = remember(completedSnapshotIds, pendingSnapshotId);
    next.retainedIndices = retained;
    return next.build();
  }

  /** Gives up the pending snapshot (operator request): idle over the current index. */
  public ResyncState abandoned(Instant now) {
    if (pendingSnapshotId == null) {
      return this;
    }
    Builder next = toBuilder().pending(null, null, false, now);
    next.abandonedSnapshotIds = remember(abandonedSnapshotIds, pendingSnapshotId);
    return next.build();
  }

  /** The index a pending snapshot must not share with the current one (null when none). */
  @JsonIgnore
  public String pendingFreshIndex() {
    return pendingIndex != null && !pendingInPlace ? pendingIndex : null;
  }

  private ResyncState withProgress(
      List<String> started, List<String> ended, int partitions, Instant now) {
    Builder next = toBuilder();
    next.startedPartitions = started;
    next.endedPartitions = ended;
    next.partitionCount = partitions;
    next.updatedAt = now.toString();
    return next.build();
  }

  private ResyncState withPhase(ResyncPhase newPhase, Instant now) {
    Builder next = toBuilder();
    next.phase = newPhase;
    next.updatedAt = now.toString();
    return next.build();
  }

  private Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The components of a state, to change a few of them by name instead of calling the canonical
   * constructor with eighteen positional arguments. Starts empty (idle, no pending snapshot) or as
   * a copy of a state.
   */
  private static final class Builder {
    String logicalIndex;
    String currentIndex;
    long currentGeneration;
    long nextGeneration;
    ResyncPhase phase = ResyncPhase.IDLE;
    String pendingSnapshotId;
    String pendingIndex;
    boolean pendingInPlace;
    int partitionCount;
    List<String> startedPartitions = List.of();
    List<String> endedPartitions = List.of();
    String reason;
    String startedAt;
    String updatedAt;
    String lastSwapAt;
    List<String> completedSnapshotIds = List.of();
    List<String> abandonedSnapshotIds = List.of();
    List<String> retainedIndices = List.of();

    Builder() {}

    Builder(ResyncState state) {
      logicalIndex = state.logicalIndex;
      currentIndex = state.currentIndex;
      currentGeneration = state.currentGeneration;
      nextGeneration = state.nextGeneration;
      phase = state.phase;
      pendingSnapshotId = state.pendingSnapshotId;
      pendingIndex = state.pendingIndex;
      pendingInPlace = state.pendingInPlace;
      partitionCount = state.partitionCount;
      startedPartitions = state.startedPartitions;
      endedPartitions = state.endedPartitions;
      reason = state.reason;
      startedAt = state.startedAt;
      updatedAt = state.updatedAt;
      lastSwapAt = state.lastSwapAt;
      completedSnapshotIds = state.completedSnapshotIds;
      abandonedSnapshotIds = state.abandonedSnapshotIds;
      retainedIndices = state.retainedIndices;
    }

    /**
     * Sets the pending snapshot (null: none, idle) and clears the partition progress; the phase
     * follows: idle without a snapshot, otherwise set by the caller.
     */
    Builder pending(String snapshotId, String index, boolean inPlace, Instant now) {
      pendingSnapshotId = snapshotId;
      pendingIndex = index;
      pendingInPlace = inPlace;
      startedPartitions = List.of();
      endedPartitions = List.of();
      if (snapshotId == null) {
        phase = ResyncPhase.IDLE;
      }
      updatedAt = now.toString();
      return this;
    }

    ResyncState build() {
      return new ResyncState(
          logicalIndex,
          currentIndex,
          currentGeneration,
          nextGeneration,
          phase,
          pendingSnapshotId,
          pendingIndex,
          pendingInPlace,
          partitionCount,
          startedPartitions,
          endedPartitions,
          reason,
          startedAt,
          updatedAt,
          lastSwapAt,
          completedSnapshotIds,
          abandonedSnapshotIds,
          retainedIndices);
    }
  }

  private static List<String> plus(List<String> list, String value) {
    TreeSet<String> set = new TreeSet<>(list);
    set.add(value);
    return List.copyOf(set);
  }

  /** Appends to a bounded, oldest-first list. */
  private static List<String> remember(List<String> list, String value) {
    List<String> out = new ArrayList<>(list);
    out.remove(value);
    out.add(value);
    while (out.size() > REMEMBERED_IDS) {
      out.remove(0);
    }
    return List.copyOf(out);
  }

  private static List<String> sorted(List<String> list) {
    return List.copyOf(new TreeSet<>(nullToEmpty(list)));
  }

  private static List<String> nullToEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  /** The result of a start marker. */
  public record StartTransition(ResyncState state, Kind kind, String abandonedIndex) {
    public enum Kind {
      /** A new snapshot began a resync. */
      STARTED,
      /** A new snapshot replaced a pending one, whose index must be deleted. */
      SUPERSEDED,
      /** Another partition of the pending snapshot reached its start. */
      JOINED,
      /** A redelivered marker of a finished or abandoned snapshot: nothing changes. */
      STALE,
      /** A new snapshot while a swap is unfinished: complete the swap, then apply again. */
      AWAITING_SWAP
    }
  }

  /** The result of an end marker. */
  public record EndTransition(ResyncState state, Kind kind) {
    public enum Kind {
      /** One more partition ended; others still fill. */
      RECORDED,
      /** Every partition ended: the alias must move now. */
      ALL_ENDED,
      /** Every partition ended an in-place fill: nothing to swap. */
      COMPLETED,
      /** Not the pending snapshot (redelivery, or already swapping): nothing changes. */
      STALE
    }
  }
}
