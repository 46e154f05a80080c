package io.mongoelastic.source;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the records a task handed to the worker that Kafka has not acknowledged yet ({@code
 * SourceTask.commitRecord}), so that poll can wait while too many are outstanding. The worker's
 * producer keeps every unacknowledged record, converted document included, until the broker
 * answers; without a bound a snapshot read faster than Kafka writes fills the heap.
 *
 * <p>Acknowledgements may also come in bursts, long after the records were sent (exactly-once
 * workers acknowledge when a transaction commits, and may commit on a timer): when none has come
 * for {@link #STALL_NANOS}, the bound stops holding poll back rather than stop the task.
 */
final class OutstandingRecords {
  static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final int max;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition acknowledged = lock.newCondition();
  private long outstanding;
  private long lastAckNanos = System.nanoTime();

  /** {@code max} 0 means no bound. */
  OutstandingRecords(int max) {
    this.max = max;
  }

  void handedOver(int records) {
    if (max == 0 || records == 0) {
      return;
    }
    lock.lock();
    try {
      if (outstanding == 0) {
        // The stall clock runs from the moment something is waiting for an acknowledgement.
        lastAckNanos = System.nanoTime();
      }
      outstanding += records;
    } finally {
      lock.unlock();
    }
  }

  void acknowledged() {
    if (max == 0) {
      return;
    }
    lock.lock();
    try {
      if (outstanding > 0) {
        outstanding--;
      }
      lastAckNanos = System.nanoTime();
      if (outstanding < max) {
        acknowledged.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to {@code timeoutMs} for room below the bound. Returns whether poll may read more:
   * true when there is room, or when acknowledgements have stalled (see the class comment).
   */
  boolean awaitRoom(long timeoutMs) throws InterruptedException {
    if (max == 0) {
      return true;
    }
    lock.lock();
    try {
      long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      while (outstanding >= max) {
        if (System.nanoTime() - lastAckNanos >= STALL_NANOS) {
          return true;
        }
        if (remaining <= 0) {
          return false;
        }
        remaining = acknowledged.awaitNanos(Math.min(remaining, STALL_NANOS));
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  long outstanding() {
    lock.lock();
    try {
      return outstanding;
    } finally {
      lock.unlock();
    }
  }
}
