package io.mongoelastic.source.pace;

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
 */
final class SinkDrain {
  private long position = -1;
  private long backlogAtMove;
  private long movedAtMs;
  private double recordsPerMs;
  private double commitPeriodMs;

  /**
   * Notes a reading of the group's committed positions (summed over the partitions measured) and
   * its lag; positions smaller than the last ones (other partitions measured, offsets reset) start
   * afresh.
   */
  void observe(long committed, long lag, long nowMs) {
    if (position < 0 || committed < position) {
      position = committed;
      backlogAtMove = lag;
      movedAtMs = nowMs;
      recordsPerMs = 0;
      commitPeriodMs = 0;
      return;
    }
    if (committed == position) {
      return;
    }
    long elapsed = Math.max(1, nowMs - movedAtMs);
    double rate = (committed - position) / (double) elapsed;
    // Halves the weight of older commits: follows a sink that speeds up or slows down within a
    // few commits without jumping at one odd period.
    recordsPerMs = recordsPerMs == 0 ? rate : (recordsPerMs + rate) / 2;
    commitPeriodMs = commitPeriodMs == 0 ? elapsed : (commitPeriodMs + elapsed) / 2;
    position = committed;
    backlogAtMove = lag;
    movedAtMs = nowMs;
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
