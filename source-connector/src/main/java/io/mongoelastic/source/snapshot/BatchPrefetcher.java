package io.mongoelastic.source.snapshot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Reads a range one batch ahead on a background thread: while the task converts and sends one
 * batch, the next is fetched from MongoDB and decoded. Batches come out in the reader's order, and
 * the reader is only ever used by one read at a time. While {@code paused} says so, {@link
 * #paused()} tells the caller to take no batch; the batch after the last one taken is read ahead
 * all the same. It waits in memory, not in Kafka, so the backlog the gate bounds does not grow, and
 * once the gate opens that batch is sent at once: it was read before the pause, so the range's
 * stream has long passed its read time. Not reading ahead while paused left the task reading the
 * first batch after every pause itself and then waiting for its stream to catch up with it, while
 * the sink ran dry.
 */
public final class BatchPrefetcher {
  private final RangeReader reader;
  private final Executor executor;
  private final BooleanSupplier paused;
  private CompletableFuture<Chunk> next;

  public BatchPrefetcher(RangeReader reader, Executor executor) {
    this(reader, executor, () -> false);
  }

  /**
   * @param paused whether snapshot reads must wait (see {@code SnapshotPace})
   */
  public BatchPrefetcher(RangeReader reader, Executor executor, BooleanSupplier paused) {
    this.reader = reader;
    this.executor = executor;
    this.paused = paused;
  }

  /** Whether the caller must take no batch now: snapshot reads are paced. */
  public boolean paused() {
    return paused.getAsBoolean();
  }

  /**
   * The next batch, waiting for it if it is still being read; empty once the range is exhausted.
   * Starts reading the following batch before returning. A read error is thrown here, and the next
   * call reads again after the last batch returned.
   */
  public Chunk take() throws InterruptedException {
    if (next == null) {
      next = read();
    }
    Chunk batch;
    try {
      batch = next.get();
    } catch (ExecutionException e) {
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
    return CompletableFuture.supplyAsync(reader::nextChunk, executor);
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
