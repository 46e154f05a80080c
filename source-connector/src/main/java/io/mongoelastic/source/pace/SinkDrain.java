package io.mongoelastic.source.pace;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How fast a consumer group indexes, as its committed positions show it, and how much it has likely
 * indexed since the latest commit a reading saw. A sink commits every so often (its {@code
 * offset.commit.request.interval.ms}), so a reading of its lag is stale by up to one commit period
 * plus the reading interval: at 20,000 records/s and 0.7 s that is 14,000 records the sink has
 * already indexed. Without this estimate a gate waits on records that are gone while the sink runs
 * dry.
 *
 * <p>The extrapolation is bounded: at most the group's usual time between two commits, nothing once
 * no commit has been seen for twice that time (a sink that stopped or slowed down drains nothing
 * until it commits again), and never more than the lag of the reading that saw the latest commit
 * (what the group had to index then), so a backlog exceeds its maximum by at most that.
 *
 * <p>Positions are compared per partition: a partition's rise counts only when two readings in a
 * row measured it. A partition that appears (a topic watched later, a topic the group starts
 * reading) brings its whole position into the sum and one that disappears takes it out; summing
 * them would read such a change as indexing that never happened and open the gate on records still
 * waiting.
 */
final class SinkDrain {
  private Map<TopicPartition, Long> positions;
  private long backlogAtMove;
  private long movedAtMs;
  private double recordsPerMs;
  private double commitPeriodMs;

  /**
   * Notes a reading of the group's committed positions (per partition measured) and its lag. A
   * partition measured for the first time only sets its starting point; a position smaller than the
   * last one (offsets reset, topic recreated) starts afresh.
   */
  void observe(Map<TopicPartition, Long> measured, long lag, long nowMs) {
    if (positions == null) {
      restart(measured, lag, nowMs);
      return;
    }
    long rise = 0;
    for (Map.Entry<TopicPartition, Long> e : measured.entrySet()) {
      Long before = positions.get(e.getKey());
      if (before == null) {
        continue;
      }
      if (e.getValue() < before) {
        restart(measured, lag, nowMs);
        return;
      }
      rise += e.getValue() - before;
    }
    positions = new HashMap<>(measured);
    if (rise == 0) {
      return;
    }
    long elapsed = Math.max(1, nowMs - movedAtMs);
    double rate = rise / (double) elapsed;
    // Halves the weight of older commits: follows a sink that speeds up or slows down within a
    // few commits without jumping at one odd period.
    recordsPerMs = recordsPerMs == 0 ? rate : (recordsPerMs + rate) / 2;
    commitPeriodMs = commitPeriodMs == 0 ? elapsed : (commitPeriodMs + elapsed) / 2;
    backlogAtMove = lag;
    movedAtMs = nowMs;
  }

  /** Forgets every position and rate, as when the topics measured change wholesale. */
  void reset() {
    positions = null;
    recordsPerMs = 0;
    commitPeriodMs = 0;
  }

  private void restart(Map<TopicPartition, Long> measured, long lag, long nowMs) {
    positions = new HashMap<>(measured);
    backlogAtMove = lag;
    movedAtMs = nowMs;
    recordsPerMs = 0;
    commitPeriodMs = 0;
  }

  /** Records the group has likely indexed since the latest commit a reading saw. */
  long since(long nowMs) {
    long elapsed = nowMs - movedAtMs;
    if (recordsPerMs == 0 || elapsed > 2 * commitPeriodMs) {
      return 0;
    }
    return Math.min(backlogAtMove, (long) (recordsPerMs * Math.min(elapsed, commitPeriodMs)));
  }

  /** The group's indexing rate in records a second; 0 until two commits were seen. */
  long recordsPerSecond() {
    return Math.round(recordsPerMs * 1000);
  }
}
