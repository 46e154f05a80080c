package io.mongoelastic.sink.bulk;

import io.mongoelastic.sink.document.ActionNdjson;
import io.mongoelastic.sink.metrics.SinkTaskMetrics;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bulk pipeline of one task: queues actions, cuts them into bulk requests by count, bytes and
 * time, keeps up to N requests in flight, and settles every item of every response.
 *
 * <p>Order per document: an action holds its document key (index + id) from the moment it is sent
 * until it is settled, including while it waits for a retry. A later action for a held key waits in
 * the queue, so no newer write of a document is ever in flight while an older one may still be
 * retried. Several actions for one key may share one request, in record order, because
 * Elasticsearch applies the items of one request in order per shard.
 *
 * <p>Retries: items refused temporarily (429, 503, timeouts) and whole requests that failed are
 * sent again alone, after an exponential backoff with jitter, until the retry budget of the oldest
 * attempt is spent; then the task fails with a message saying what to check.
 */
public final class BulkDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BulkDispatcher.class);

  private final BulkSettings settings;
  private final BulkTransport sender;
  private final SinkTaskMetrics metrics;
  private final MappingFallback fallback;
  private final ItemSettler settler;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PendingActions actions = new PendingActions();
  private int inFlight;
  private boolean clusterUnavailable;
  private boolean stopping;
  private boolean flushRequested;
  private volatile ConnectException failure;

  private final ExecutorService senders;
  private final Thread dispatcher;

  public BulkDispatcher(
      BulkSettings settings,
      BulkRequestSender sender,
      OffsetTracker offsets,
      MalformedRecordHandler malformed,
      boolean keepUnindexed,
      SinkTaskMetrics metrics,
      String threadName) {
    this(settings, (BulkTransport) sender, offsets, malformed, keepUnindexed, metrics, threadName);
  }

  BulkDispatcher(
      BulkSettings settings,
      BulkTransport sender,
      OffsetTracker offsets,
      MalformedRecordHandler malformed,
      boolean keepUnindexed,
      SinkTaskMetrics metrics,
      String threadName) {
    this.settings = settings;
    this.fallback = new MappingFallback(keepUnindexed);
    this.sender = sender;
    this.metrics = metrics;
    this.settler = new ItemSettler(settings, actions, offsets, malformed, metrics, this::fail);
    this.senders =
        Executors.newFixedThreadPool(
            settings.concurrentRequests(),
            runnable -> {
              Thread thread = new Thread(runnable, threadName + "-sender");
              thread.setDaemon(true);
              return thread;
            });
    this.dispatcher = new Thread(this::dispatchLoop, threadName + "-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  /** Queues one action; never blocks. The caller has registered the offset as received. */
  public void add(
      SinkRecord record, TopicPartition partition, long offset, ActionEncoder.Action a) {
    lock.lock();
    try {
      actions.add(record, partition, offset, a);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether consumption should pause: buffer full or cluster unreachable. */
  public boolean shouldPause() {
    lock.lock();
    try {
      return actions.bufferedBytes() >= settings.bufferMaxBytes() || clusterUnavailable;
    } finally {
      lock.unlock();
    }
  }

  /** Whether paused consumption may resume: buffer drained to half and cluster reachable. */
  public boolean mayResume() {
    lock.lock();
    try {
      return actions.bufferedBytes() <= settings.bufferMaxBytes() / 2 && !clusterUnavailable;
    } finally {
      lock.unlock();
    }
  }

  public long bufferedBytes() {
    lock.lock();
    try {
      return actions.bufferedBytes();
    } finally {
      lock.unlock();
    }
  }

  public long bufferedActions() {
    lock.lock();
    try {
      return actions.bufferedActions();
    } finally {
      lock.unlock();
    }
  }

  public int inFlight() {
    lock.lock();
    try {
      return inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** The failure that must stop the task, or null. */
  public ConnectException failure() {
    return failure;
  }

  /**
   * Forgets queued and retry-waiting actions of revoked partitions: they are not committed, so the
   * next owner receives them again. Actions in flight settle normally.
   */
  public void dropPartitions(Collection<TopicPartition> revoked) {
    Set<TopicPartition> gone = new HashSet<>(revoked);
    lock.lock();
    try {
      actions.dropPartitions(gone);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Sends what is queued without waiting for the linger (a resync end marker waits on it). */
  public void flushNow() {
    lock.lock();
    try {
      flushRequested = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      stopping = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    dispatcher.interrupt();
    senders.shutdownNow();
    try {
      dispatcher.join(5_000);
      senders.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void dispatchLoop() {
    while (true) {
      List<PendingAction> batch;
      lock.lock();
      try {
        batch = awaitBatch();
        if (batch == null) {
          return;
        }
        inFlight++;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      List<PendingAction> toSend = batch;
      try {
        senders.execute(() -> sendAndSettle(toSend));
      } catch (RejectedExecutionException e) {
        return; // stopping
      }
    }
  }

  /**
   * Waits (under the lock) until a batch is due and a request slot is free; null when stopping.
   *
   * <p>Group commit: with a slot free, queued actions go out once the oldest of them has lingered
   * {@code bulk.linger.ms} (so the records of one {@code put()} share a request), or at once when
   * they fill a request. While every slot is busy, actions accumulate, so requests grow with the
   * load up to {@code bulk.max.actions} / {@code bulk.max.bytes}.
   */
  private List<PendingAction> awaitBatch() throws InterruptedException {
    long lingerNanos = TimeUnit.MILLISECONDS.toNanos(settings.lingerMs());
    while (true) {
      if (stopping || failure != null) {
        return null;
      }
      long now = System.nanoTime();
      long waitNanos = Long.MAX_VALUE;
      if (inFlight < settings.concurrentRequests()) {
        boolean full = actions.queueFills(settings.maxActions(), settings.maxBytes());
        long lingerLeft =
            actions.hasQueued() ? actions.oldestQueuedNanos() + lingerNanos - now : Long.MAX_VALUE;
        long retryLeft = actions.nanosToNextRetry(now);
        boolean flush = flushRequested && actions.hasQueued();
        if (full || flush || lingerLeft <= 0 || retryLeft <= 0) {
          List<PendingAction> batch =
              actions.takeBatch(now, settings.maxActions(), settings.maxBytes());
          flushRequested = flushRequested && actions.hasQueued();
          if (!batch.isEmpty()) {
            return batch;
          }
          // Everything due is held by requests in flight: a landing request signals.
          waitNanos = TimeUnit.MILLISECONDS.toNanos(10);
        } else {
          waitNanos = Math.min(lingerLeft, retryLeft);
        }
      }
      // Without a free slot, a landing request signals; the bound only guards against surprises.
      changed.awaitNanos(
          Math.max(
              Math.min(waitNanos, TimeUnit.SECONDS.toNanos(1)),
              TimeUnit.MICROSECONDS.toNanos(100)));
    }
  }

  private void sendAndSettle(List<PendingAction> batch) {
    // filled in place: each document is copied once, from its record into the request body
    byte[] bytes = new byte[batch.stream().mapToInt(PendingAction::size).sum()];
    int filled = 0;
    long now = System.nanoTime();
    for (PendingAction action : batch) {
      filled = action.ndjson.copyTo(bytes, filled);
      if (action.firstSentNanos < 0) {
        action.firstSentNanos = now;
      }
    }
    List<ItemResult> results = null;
    String requestError = null;
    RuntimeException fatal = null;
    long started = System.nanoTime();
    try {
      results = sender.send(batch, bytes);
    } catch (BulkRequestSender.RequestFailedException e) {
      requestError = e.getMessage();
    } catch (RuntimeException e) {
      fatal = e;
    }
    long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    metrics.bulkSent(batch.size(), bytes.length, latencyMs);
    ActionNdjson[] rewrites = results == null ? null : fallback.rewrites(batch, results);
    lock.lock();
    try {
      inFlight--;
      actions.landed(batch);
      if (fatal != null) {
        fail(
            fatal instanceof ConnectException connect
                ? connect
                : new ConnectException("Bulk request failed: " + fatal, fatal));
      } else if (results == null) {
        metrics.requestFailed();
        if (!clusterUnavailable) {
          log.warn(
              "Bulk request of {} actions failed ({}); retrying within retry.budget.ms and"
                  + " pausing consumption",
              batch.size(),
              requestError);
        }
        clusterUnavailable = true;
        for (PendingAction action : batch) {
          settler.scheduleRetry(action, requestError);
        }
      } else {
        clusterUnavailable = false;
        settler.settle(batch, results, rewrites);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void fail(ConnectException e) {
    if (failure == null) {
      failure = e;
    }
  }
}
