package io.mongoelastic.sink.resync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.mongoelastic.sink.resync.ResyncState.EndTransition;
import io.mongoelastic.sink.resync.ResyncState.StartTransition;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the resync ("true mirror") protocol for the logical indices one sink task writes to,
 * coordinating with the other tasks through a state document per logical index in Elasticsearch.
 *
 * <h2>Protocol</h2>
 *
 * <ol>
 *   <li>The source writes a {@code snapshot_start} marker to every partition of a collection's
 *       topic, the snapshot's records, then a {@code snapshot_end} marker to every partition.
 *   <li>The first start marker of a new snapshot id claims the next generation in the state ({@code
 *       filling}) and creates the pending physical index {@code <logical>-<generation>}. An empty
 *       current index is filled in place instead (first sync): no new index, no swap.
 *   <li>From its own start marker on, a partition's snapshot records go to the pending index only
 *       and its change records to the alias <em>and</em> the pending index, so searches through the
 *       alias keep seeing changes until the swap ({@link #targetsFor}).
 *   <li>When the last partition delivers its end marker the state becomes {@code swapping}, the
 *       alias moves in one {@code _aliases} request, the state becomes {@code idle} over the new
 *       index, and the old one is deleted (unless {@link ResyncSettings#keepOldIndex()}).
 *   <li>A start marker with an unknown snapshot id while one is pending supersedes it: the pending
 *       index is deleted and the new snapshot starts over. Markers of finished or abandoned
 *       snapshots (redelivered after a restart) change nothing.
 * </ol>
 *
 * <p>Every state change is a compare-and-set on the state document ({@code if_seq_no} + {@code
 * if_primary_term}), retried after a conflict, so tasks owning different partitions may record
 * their markers in any order. A crash at any step leaves a state that {@link #recover(String)}
 * completes: see there. Thread-safe.
 */
public final class ResyncCoordinator {
  private static final Logger log = LoggerFactory.getLogger(ResyncCoordinator.class);

  /** Steps a test can interrupt to simulate a crash. */
  enum Step {
    AFTER_PENDING_CLAIMED,
    AFTER_LAST_END_RECORDED,
    AFTER_ALIAS_SWAPPED,
    AFTER_STATE_COMPLETED
  }

  /** Called when the coordinator reaches a step; throwing there stops it like a crash. */
  interface StepHook {
    void reached(Step step, String logicalIndex);
  }

  private final ElasticsearchClient client;
  private final ResyncSettings settings;
  private final ResyncStateStore store;
  private final AliasedIndex layout;
  private final SwapCompletion swapCompletion;
  private final PhysicalIndexSweeper sweeper;
  private final IndexEmptiness emptiness;
  private final StepHook hook;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(ResyncState state, long readAtNanos) {}

  public ResyncCoordinator(ElasticsearchClient client, ResyncSettings settings) {
    this(client, settings, (step, logical) -> {});
  }

  ResyncCoordinator(ElasticsearchClient client, ResyncSettings settings, StepHook hook) {
    this.client = client;
    this.settings = settings;
    this.store = new ResyncStateStore(client, settings.stateIndex());
    this.layout = new AliasedIndex(client, store, settings.creationBody(), settings.clock());
    this.sweeper = new PhysicalIndexSweeper(client, store);
    this.emptiness = new IndexEmptiness(client);
    this.hook = hook;
    this.swapCompletion =
        new SwapCompletion(store, new AliasSwapper(client), emptiness, layout, settings, hook);
  }

  /**
   * Makes sure the alias layout of a logical index exists (first physical index, alias, state
   * document). Idempotent; call it before the first write to the index.
   */
  public ResyncStatus ensureLayout(String logicalIndex) throws IOException {
    return ResyncStatus.of(remember(layout.ensure(logicalIndex).state()));
  }

  /**
   * Brings a logical index to a consistent state when a task starts or is assigned partitions:
   *
   * <ul>
   *   <li>{@code swapping} (every end marker recorded, the swap interrupted): completes the swap,
   *       the state update and the deletion of the old index;
   *   <li>{@code filling}: resumes; the pending index is created if a crash came between claiming
   *       it and creating it. The remaining markers arrive again from Kafka, since offsets are
   *       committed only after records are written. Nothing is rolled back: use {@link
   *       #abandon(String)} to give a resync up;
   *   <li>{@code idle}: nothing.
   * </ul>
   *
   * Then deletes physical indices the state no longer references (an old index whose deletion was
   * interrupted, an abandoned pending index).
   */
  public ResyncStatus recover(String logicalIndex) throws IOException {
    ResyncState state = layout.ensure(logicalIndex).state();
    switch (state.phase()) {
      case SWAPPING -> {
        log.info("Completing the interrupted swap of {} to {}", logicalIndex, state.pendingIndex());
        completeSwap(logicalIndex);
      }
      case FILLING -> {
        log.info(
            "Resuming the resync of {} into {} (snapshot {}, {}/{} partitions ended)",
            logicalIndex,
            state.pendingIndex(),
            state.pendingSnapshotId(),
            state.endedPartitions().size(),
            state.partitionCount());
        if (state.pendingFreshIndex() != null) {
          layout.createPhysical(state.pendingFreshIndex(), null);
        }
      }
      case IDLE -> {}
    }
    sweeper.sweep(logicalIndex);
    return refresh(logicalIndex);
  }

  /**
   * Records that a partition delivered the start marker of a snapshot.
   *
   * @param partitionCount the number of partitions of the topic (every one carries the markers)
   * @param reason why the source took the snapshot (UNSPECIFIED when the marker does not say)
   * @return the index this partition's snapshot records go to from now on
   */
  public String onSnapshotStart(
      String logicalIndex,
      String snapshotId,
      TopicPartition partition,
      int partitionCount,
      ResyncReason reason)
      throws IOException {
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be positive: " + partitionCount);
    }
    String id = partition.toString();
    AtomicReference<StartTransition> applied = new AtomicReference<>();
    ResyncState after = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      ResyncState before = layout.ensure(logicalIndex).state();
      String emptyIndex =
          before.isNewSnapshot(snapshotId)
                  && before.mayFillInPlace()
                  && emptiness.isEmpty(before.currentIndex())
              ? before.currentIndex()
              : null;
      after =
          store
              .update(
                  logicalIndex,
                  state -> {
                    StartTransition transition =
                        state.onStart(
                            snapshotId,
                            id,
                            partitionCount,
                            reason,
                            emptyIndex,
                            settings.clock().instant());
                    applied.set(transition);
                    return transition.state();
                  })
              .state();
      if (applied.get().kind() != StartTransition.Kind.AWAITING_SWAP) {
        break;
      }
      completeSwap(logicalIndex);
    }
    remember(after);
    StartTransition transition = applied.get();
    switch (transition.kind()) {
      case STARTED, SUPERSEDED -> {
        ResyncAnnouncer.started(after, transition);
        hook.reached(Step.AFTER_PENDING_CLAIMED, logicalIndex);
        if (after.pendingFreshIndex() != null) {
          layout.createPhysical(after.pendingFreshIndex(), null);
        }
        if (transition.abandonedIndex() != null) {
          layout.deletePhysical(transition.abandonedIndex());
        }
      }
      case JOINED -> {
        if (after.pendingFreshIndex() != null) {
          layout.createPhysical(after.pendingFreshIndex(), null);
        }
      }
      case STALE ->
          log.debug("Ignoring start marker of finished snapshot {} on {}", snapshotId, partition);
      case AWAITING_SWAP ->
          throw new IOException(
              "The swap of "
                  + logicalIndex
                  + " to "
                  + after.pendingIndex()
                  + " keeps failing; snapshot "
                  + snapshotId
                  + " cannot start before it completes");
    }
    return writeTarget(after, id);
  }

  /**
   * Records that a partition delivered the end marker of a snapshot. When it was the last one,
   * moves the alias to the new index (before returning) and deletes or keeps the old one.
   *
   * @return true when this call completed the resync
   */
  public boolean onSnapshotEnd(String logicalIndex, String snapshotId, TopicPartition partition)
      throws IOException {
    layout.ensure(logicalIndex);
    AtomicReference<EndTransition> applied = new AtomicReference<>();
    ResyncState after =
        store
            .update(
                logicalIndex,
                state -> {
                  EndTransition transition =
                      state.onEnd(snapshotId, partition.toString(), settings.clock().instant());
                  applied.set(transition);
                  return transition.state();
                })
            .state();
    remember(after);
    switch (applied.get().kind()) {
      case ALL_ENDED -> {
        hook.reached(Step.AFTER_LAST_END_RECORDED, logicalIndex);
        return completeSwap(logicalIndex);
      }
      case COMPLETED -> {
        log.info(
            "First sync of {} complete in {} (snapshot {})",
            logicalIndex,
            after.currentIndex(),
            snapshotId);
        return true;
      }
      case RECORDED ->
          log.debug(
              "{} ended snapshot {} ({}/{} partitions)",
              partition,
              snapshotId,
              after.endedPartitions().size(),
              after.partitionCount());
      case STALE -> {
        if (after.phase() == ResyncPhase.SWAPPING) {
          // A redelivered end marker after a crash mid-swap: finish what the crash interrupted.
          return completeSwap(logicalIndex);
        }
        log.debug("Ignoring end marker of snapshot {} on {}", snapshotId, partition);
      }
    }
    return false;
  }

  /** The state of every logical index in the state index (up to 1,000), for a status page. */
  public List<ResyncStatus> statuses() throws IOException {
    return store.all().stream()
        .map(ResyncStatus::of)
        .sorted(Comparator.comparing(ResyncStatus::logicalIndex))
        .toList();
  }

  /**
   * The indices a record must be written to, alias first: see {@link ResyncState#targetsFor}.
   * Answers from a cached state refreshed after {@link ResyncSettings#stateRefreshInterval()}; this
   * partition's own markers always update the cache, so its routing is never stale.
   *
   * @param snapshotRecord whether the record is a snapshot read ({@code mongoelastic.operation =
   *     snapshot}) rather than a change
   */
  public List<String> targetsFor(
      String logicalIndex, TopicPartition partition, boolean snapshotRecord) throws IOException {
    return cached(logicalIndex).targetsFor(partition.toString(), snapshotRecord);
  }

  /**
   * The one index that holds the newest data for this partition: the pending index once the
   * partition passed its start marker during a resync, else the alias.
   */
  public String writeTargetFor(String logicalIndex, TopicPartition partition) throws IOException {
    return writeTarget(cached(logicalIndex), partition.toString());
  }

  /** The stored state, read now. */
  public ResyncStatus status(String logicalIndex) throws IOException {
    return refresh(logicalIndex);
  }

  /**
   * Gives up a pending resync (operator action): deletes the pending index and returns to idle over
   * the current one. Markers of that snapshot are ignored afterwards.
   */
  public ResyncStatus abandon(String logicalIndex) throws IOException {
    ResyncState before = layout.ensure(logicalIndex).state();
    if (before.phase() == ResyncPhase.SWAPPING) {
      throw new IllegalStateException(
          "The resync of " + logicalIndex + " is swapping; it completes on recover()");
    }
    ResyncState after =
        store
            .update(
                logicalIndex,
                state ->
                    state.phase() == ResyncPhase.FILLING
                        ? state.abandoned(settings.clock().instant())
                        : state)
            .state();
    remember(after);
    if (before.pendingFreshIndex() != null) {
      layout.deletePhysical(before.pendingFreshIndex());
      log.warn(
          "Abandoned the resync of {} (snapshot {}); deleted {}",
          logicalIndex,
          before.pendingSnapshotId(),
          before.pendingFreshIndex());
    }
    return ResyncStatus.of(after);
  }

  private boolean completeSwap(String logicalIndex) throws IOException {
    SwapCompletion.Result result = swapCompletion.complete(logicalIndex);
    if (result.state() != null) {
      remember(result.state());
    }
    return result.completedHere();
  }

  private static String writeTarget(ResyncState state, String partition) {
    List<String> targets = state.targetsFor(partition, true);
    return targets.get(targets.size() - 1);
  }

  private ResyncState cached(String logicalIndex) throws IOException {
    Cached entry = cache.get(logicalIndex);
    if (entry != null
        && System.nanoTime() - entry.readAtNanos() < settings.stateRefreshInterval().toNanos()) {
      return entry.state();
    }
    refresh(logicalIndex);
    return cache.get(logicalIndex).state();
  }

  private ResyncStatus refresh(String logicalIndex) throws IOException {
    ResyncState state =
        store
            .read(logicalIndex)
            .map(ResyncStateStore.Versioned::state)
            .orElseGet(
                () -> {
                  try {
                    return layout.ensure(logicalIndex).state();
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    return ResyncStatus.of(remember(state));
  }

  private ResyncState remember(ResyncState state) {
    cache.put(state.logicalIndex(), new Cached(state, System.nanoTime()));
    return state;
  }
}
