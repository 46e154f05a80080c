package io.mongoelastic.sink.resync;

import java.util.List;

/**
 * A read-only view of one logical index's resync state, for logs, metrics and a status endpoint.
 * Serialises to plain JSON with Jackson.
 */
public record ResyncStatus(
    String logicalIndex,
    ResyncPhase phase,
    String currentIndex,
    String pendingIndex,
    String pendingSnapshotId,
    boolean pendingInPlace,
    String reason,
    int partitionCount,
    List<String> startedPartitions,
    List<String> endedPartitions,
    String startedAt,
    String updatedAt,
    String lastSwapAt,
    String lastCompletedSnapshotId,
    List<String> retainedIndices) {

  static ResyncStatus of(ResyncState state) {
    List<String> completed = state.completedSnapshotIds();
    return new ResyncStatus(
        state.logicalIndex(),
        state.phase(),
        state.currentIndex(),
        state.pendingIndex(),
        state.pendingSnapshotId(),
        state.pendingInPlace(),
        state.reason(),
        state.partitionCount(),
        state.startedPartitions(),
        state.endedPartitions(),
        state.startedAt(),
        state.updatedAt(),
        state.lastSwapAt(),
        completed.isEmpty() ? null : completed.get(completed.size() - 1),
        state.retainedIndices());
  }
}
