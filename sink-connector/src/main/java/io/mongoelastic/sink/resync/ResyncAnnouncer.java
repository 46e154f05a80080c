package io.mongoelastic.sink.resync;

import io.mongoelastic.sink.resync.ResyncState.StartTransition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log line that tells operators a resync started, restarted or fills an empty index in place: a
 * warning when the source lost its change history, else information.
 */
final class ResyncAnnouncer {
  private static final Logger log = LoggerFactory.getLogger(ResyncAnnouncer.class);

  private ResyncAnnouncer() {}

  static void started(ResyncState state, StartTransition transition) {
    ResyncReason reason = ResyncReason.parse(state.reason());
    String message =
        transition.kind() == StartTransition.Kind.SUPERSEDED
            ? "Resync of {} restarted (reason {}): snapshot {} supersedes the pending one;"
                + " filling {} while searches read {}"
            : "Resync of {} started (reason {}): snapshot {} fills {} while searches read {}";
    if (state.pendingInPlace()) {
      message = "Sync of {} started (reason {}): snapshot {} fills {} in place (was empty; {})";
    }
    Object[] args = {
      state.logicalIndex(),
      reason.value(),
      state.pendingSnapshotId(),
      state.pendingIndex(),
      state.currentIndex()
    };
    if (reason == ResyncReason.HISTORY_LOST) {
      log.warn(message, args);
    } else {
      log.info(message, args);
    }
  }
}
