package io.mongoelastic.sink.resync;

import io.mongoelastic.sink.resync.ResyncCoordinator.Step;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes a resync in {@link ResyncPhase#SWAPPING}: refresh the new index, move the alias, mark
 * the state idle over the new index, delete the old one. Each step is idempotent, so the task that
 * recorded the last end marker, a task recovering after its crash, and a task seeing a redelivered
 * end marker may all run it, even at once; exactly one of them completes the state.
 */
final class SwapCompletion {
  private static final Logger log = LoggerFactory.getLogger(SwapCompletion.class);

  /**
   * @param completedHere whether this call moved the state to idle
   * @param state the state after the call, or null when nothing was read
   */
  record Result(boolean completedHere, ResyncState state) {}

  private final ResyncStateStore store;
  private final AliasSwapper swapper;
  private final IndexEmptiness indices;
  private final AliasedIndex layout;
  private final ResyncSettings settings;
  private final ResyncCoordinator.StepHook hook;

  SwapCompletion(
      ResyncStateStore store,
      AliasSwapper swapper,
      IndexEmptiness indices,
      AliasedIndex layout,
      ResyncSettings settings,
      ResyncCoordinator.StepHook hook) {
    this.store = store;
    this.swapper = swapper;
    this.indices = indices;
    this.layout = layout;
    this.settings = settings;
    this.hook = hook;
  }

  Result complete(String logicalIndex) throws IOException {
    ResyncState state = store.read(logicalIndex).orElseThrow().state();
    if (state.phase() != ResyncPhase.SWAPPING) {
      return new Result(false, state);
    }
    String oldIndex = state.currentIndex();
    String newIndex = state.pendingIndex();
    // Make everything written so far searchable first, so the first search after the swap sees
    // the whole new index rather than what the last periodic refresh exposed.
    indices.refresh(newIndex);
    swapper.swap(logicalIndex, newIndex);
    hook.reached(Step.AFTER_ALIAS_SWAPPED, logicalIndex);
    AtomicBoolean completedHere = new AtomicBoolean();
    ResyncState after =
        store
            .update(
                logicalIndex,
                current -> {
                  boolean ours =
                      current.phase() == ResyncPhase.SWAPPING
                          && newIndex.equals(current.pendingIndex());
                  completedHere.set(ours);
                  return ours
                      ? current.completed(settings.keepOldIndex(), settings.clock().instant())
                      : current;
                })
            .state();
    if (!completedHere.get()) {
      return new Result(false, after);
    }
    log.info(
        "Resync of {} complete (reason {}, snapshot {}): the alias now points to {}, was {}",
        logicalIndex,
        state.reason(),
        state.pendingSnapshotId(),
        newIndex,
        oldIndex);
    hook.reached(Step.AFTER_STATE_COMPLETED, logicalIndex);
    if (!settings.keepOldIndex() && !oldIndex.equals(logicalIndex)) {
      layout.deletePhysical(oldIndex);
    }
    return new Result(true, after);
  }
}
