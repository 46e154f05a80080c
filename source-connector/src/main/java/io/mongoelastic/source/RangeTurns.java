package io.mongoelastic.source;

import io.mongoelastic.source.snapshot.RangeSync;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Shares a poll's record allowance among the snapshot ranges of a task. Each turn starts at the
 * next range and gives each open range at most an equal part of what is left, so no range waits for
 * others to finish: with a fixed order and whole allowances, the first ranges would fill every poll
 * and the streams of the later ones would stand still until those were read. A range whose part is
 * 0 still polls its stream (see {@link RangeSync#step}).
 */
final class RangeTurns {
  private int next;

  /**
   * Steps every open range of {@code ranges} once, adding to {@code out} until it holds about
   * {@code max} records; returns whether any range did something.
   */
  boolean step(List<RangeSync> ranges, List<SourceRecord> out, int max) {
    int count = ranges.size();
    if (count == 0) {
      return false;
    }
    int first = next % count;
    next = (first + 1) % count;
    int open = (int) ranges.stream().filter(range -> !range.closed()).count();
    boolean progress = false;
    for (int i = 0; i < count; i++) {
      RangeSync range = ranges.get((first + i) % count);
      if (range.closed()) {
        continue;
      }
      int left = max - out.size();
      int share = left <= 0 ? 0 : Math.max(1, left / Math.max(1, open));
      open--;
      progress |= range.step(out, share);
    }
    return progress;
  }
}
