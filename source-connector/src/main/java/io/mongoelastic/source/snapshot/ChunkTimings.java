package io.mongoelastic.source.snapshot;

/**
 * Where a range's chunks spent their time on the task thread, to find what holds a snapshot back:
 * waiting for a chunk still being read ({@link #taken}), held at the pace gate with no chunk
 * pending ({@link #held}), and waiting for the range's stream to pass a chunk's read time before
 * its rows may be sent ({@link #passed}). Times are wall-clock intervals between the calls.
 */
final class ChunkTimings {
  private long chunks;
  private long takeNanos;
  private long heldNanos;
  private long watermarkNanos;
  private long heldSince = -1;
  private long takenAt = -1;

  /** The gate held a read at {@code now}; the hold lasts until the next {@link #taken}. */
  void held(long now) {
    if (heldSince < 0) {
      heldSince = now;
    }
  }

  /**
   * A chunk was taken at {@code now} after waiting {@code waitNanos} for its read; returns the time
   * it was held at the gate before.
   */
  long taken(long now, long waitNanos) {
    long held = heldSince < 0 ? 0 : now - waitNanos - heldSince;
    heldSince = -1;
    chunks++;
    takeNanos += waitNanos;
    heldNanos += held;
    takenAt = now;
    return held;
  }

  /** The stream passed the chunk taken last at {@code now}; returns how long that took. */
  long passed(long now) {
    if (takenAt < 0) {
      return 0;
    }
    long waited = now - takenAt;
    watermarkNanos += waited;
    takenAt = -1;
    return waited;
  }

  /** Whether the chunk taken last still waits for the stream. */
  boolean awaitingStream() {
    return takenAt >= 0;
  }

  @Override
  public String toString() {
    return String.format(
        "%d chunk(s); waited %d ms for reads, %d ms at the pace gate, %d ms for the stream to"
            + " pass the chunks",
        chunks, takeNanos / 1_000_000, heldNanos / 1_000_000, watermarkNanos / 1_000_000);
  }
}
