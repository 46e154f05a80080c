package io.mongoelastic.source.oplog;

/**
 * The wall-clock times of the oldest and the newest entry the oplog holds: the history a change
 * stream can still resume from.
 */
public record OplogWindow(long oldestWallMs, long newestWallMs) {
  public long lengthMs() {
    return Math.max(0, newestWallMs - oldestWallMs);
  }
}
