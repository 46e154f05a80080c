package io.mongoelastic.source.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a range's chunks spent their time, to find what holds a snapshot back: found still being
 * read when the range wanted one ({@link #waiting}; the task thread serves other work meanwhile),
 * held at the pace gate with no chunk pending ({@link #held}), and waiting for the range's stream
 * to pass a chunk's read time before its rows may be sent ({@link #streamPassed}). Each chunk is
 * logged at DEBUG, the totals by {@link #toString}. Times are wall-clock intervals between the
 * calls.
 */
final class ChunkTimings {
  private static final Logger LOG = LoggerFactory.getLogger(RangeSync.class);

  private final String range;
  private long chunks;
  private long readNanos;
  private long heldNanos;
  private long streamNanos;
  private long heldSince = -1;
  private long waitingSince = -1;
  private long takenAt = -1;

  /**
   * @param range names the range in log lines
   */
  ChunkTimings(String range) {
    this.range = range;
  }

  /** The gate held a read at {@code now}; the hold lasts until the next {@link #taken}. */
  void held(long now) {
    if (heldSince < 0) {
      heldSince = now;
    }
  }

  /**
   * The next chunk was wanted at {@code now} but is still being read; the wait lasts until the next
   * {@link #taken}.
   */
  void waiting(long now) {
    if (waitingSince < 0) {
      waitingSince = now;
    }
  }

  /** A chunk of {@code rows} was taken at {@code now}. */
  void taken(long now, int rows) {
    long asked = waitingSince < 0 ? now : waitingSince;
    long held = heldSince < 0 || heldSince > asked ? 0 : asked - heldSince;
    heldSince = -1;
    waitingSince = -1;
    chunks++;
    readNanos += now - asked;
    heldNanos += held;
    takenAt = rows == 0 ? -1 : now;
    LOG.debug(
        "{}: chunk of {} taken after {} ms at the pace gate and {} ms waiting for its read",
        range,
        rows,
        held / 1_000_000,
        (now - asked) / 1_000_000);
  }

  /** The stream passed the read time of the chunk taken last, at {@code now} or before. */
  void streamPassed(long now) {
    if (takenAt < 0) {
      return;
    }
    long waited = now - takenAt;
    streamNanos += waited;
    takenAt = -1;
    LOG.debug("{}: the stream passed the chunk's read time after {} ms", range, waited / 1_000_000);
  }

  @Override
  public String toString() {
    return String.format(
        "%d chunk(s); waited %d ms for reads (serving other work), %d ms at the pace gate,"
            + " %d ms for the stream to pass the chunks",
        chunks, readNanos / 1_000_000, heldNanos / 1_000_000, streamNanos / 1_000_000);
  }
}
