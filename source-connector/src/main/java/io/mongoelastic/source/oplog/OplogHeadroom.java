package io.mongoelastic.source.oplog;

/**
 * How much oplog history lies behind a change stream's position: {@code ms} from the oldest entry
 * to the position, and that as a {@code percent} of the whole window. A stream caught up with the
 * newest entry has 100 %; one whose position the oplog no longer holds has 0. With a window of a
 * single instant there is nothing to spare, so 0 %.
 */
public record OplogHeadroom(long ms, double percent) {
  /** Not measured (yet), or not measurable (no read access to local.oplog.rs). */
  public static final OplogHeadroom UNKNOWN = new OplogHeadroom(-1, -1);

  /**
   * @param positionWallMs wall-clock time of the stream's position (the last change sent, or the
   *     newest entry when the stream has nothing new)
   */
  public static OplogHeadroom of(long positionWallMs, OplogWindow window) {
    long position = Math.min(positionWallMs, window.newestWallMs());
    long ms = Math.max(0, position - window.oldestWallMs());
    long length = window.lengthMs();
    double percent = length == 0 ? 0 : Math.round(1000.0 * ms / length) / 10.0;
    return new OplogHeadroom(ms, percent);
  }

  public boolean isKnown() {
    return ms >= 0;
  }
}
