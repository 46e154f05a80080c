package io.mongoelastic.source.snapshot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Reads a range one batch ahead on a background thread, and never makes its caller wait for a read:
 * {@link #poll} returns a batch only once its read is complete, and otherwise nothing, so the task
 * thread goes on serving the streams and the other ranges while MongoDB answers. Each completed
 * read runs {@code onRead}, which lets an idle task loop look again at once instead of at its next
 * idle tick. Batches come out in the reader's order, and the reader is only ever used by one read
 * at a time.
 *
 * <p>While {@code paused} says so, {@link #paused()} tells the caller to take no batch; the batch
 * after the last one taken is read ahead all the same. It waits in memory, not in Kafka, so the
 * backlog the gate bounds does not grow, and once the gate opens that batch is sent at once: it was
 * read before the pause, so the range's stream has long passed its read time. Not reading ahead
 * while paused left the task reading the first batch after every pause itself and then waiting for
 * its stream to catch up with it, while the sink ran dry.
 */
public final class BatchPrefetcher {
  private final RangeReader reader;
  private final Executor executor;
  private final BooleanSupplier paused;
  private final Runnable onRead;
  private CompletableFuture<Chunk> next;

  public BatchPrefetcher(RangeReader reader, Executor executor) {
    this(reader, executor, () -> false, () -> {});
  }

  /**
   * @param paused whether snapshot reads must wait (see {@code SnapshotPace})
   * @param onRead run when a read completes (or fails): on the reading thread, or on the thread
   *     that started the read when the read completed before {@code onRead} was registered on it;
   *     must be quick and safe to run on either
   */
  public BatchPrefetcher(
      RangeReader reader, Executor executor, BooleanSupplier paused, Runnable onRead) {
    this.reader = reader;
    this.executor = executor;
    this.paused = paused;
    this.onRead = onRead;
  }

  /** Whether the caller must take no batch now: snapshot reads are paced. */
  public boolean paused() {
    return paused.getAsBoolean();
  }

  /**
   * The next batch if its read is complete, else null (the read is started if none is in flight);
   * empty once the range is exhausted. Starts reading the following batch before returning one. A
   * read error is thrown here, and the next call reads again after the last batch returned.
   */
  public Chunk poll() {
    if (next == null) {
      next = read();
    }
    if (!next.isDone()) {
      return null;
    }
    Chunk batch;
    try {
      batch = next.join();
    } catch (CompletionException e) {
      next = null;
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("Snapshot read failed", cause);
    }
    next = batch.isEmpty() ? null : read();
    return batch;
  }

  private CompletableFuture<Chunk> read() {
    CompletableFuture<Chunk> read = CompletableFuture.supplyAsync(reader::nextChunk, executor);
    // Registered on the future itself, so it runs after the result is visible to isDone().
    read.whenComplete((batch, error) -> onRead.run());
    return read;
  }

  /** Closes the reader's cursor once no read is in flight. */
  public void close() {
    CompletableFuture<Chunk> pending = next;
    next = null;
    if (pending == null) {
      reader.close();
    } else {
      pending.whenComplete((batch, error) -> reader.close());
    }
  }
}
