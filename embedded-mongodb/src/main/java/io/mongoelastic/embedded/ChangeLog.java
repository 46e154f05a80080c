package io.mongoelastic.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The server's oplog: change entries in cluster-time order, each with a sequence number, bounded by
 * {@link OplogBounds}. Reading from a position costs what is read, never what was written before
 * it: positions are sequence numbers and cluster times are found by binary search.
 *
 * <p>Writers append under the lock, so cluster-time order is append order. Readers copy slices
 * under the lock and build events outside it. Readers that found nothing wait on a condition that
 * every append signals.
 */
final class ChangeLog {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final ClusterClock clock;
  private final OplogBounds bounds;

  private final ArrayList<ChangeEntry> entries = new ArrayList<>();
  private int head;
  private long nextSeq = 1;
  private long retainedBytes;

  /** Retained oplog entries as MongoDB counts them: a committed transaction is one (applyOps). */
  private long retainedOplogEntries;

  private long lastTrimmedClusterTime;

  ChangeLog(ClusterClock clock, OplogBounds bounds) {
    this.clock = clock;
    this.bounds = bounds;
  }

  /** A copy of some entries and the cluster time up to which the log had been read. */
  record Slice(List<ChangeEntry> entries, long nextSeq, long readThroughClusterTime) {}

  ChangeEntry append(ChangePayload payload) {
    lock.lock();
    try {
      ChangeEntry entry = new ChangeEntry(nextSeq++, clock.next(), clock.millis(), payload);
      entries.add(entry);
      retainedBytes += payload.sizeBytes();
      retainedOplogEntries++;
      trimToBounds();
      appended.signalAll();
      return entry;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends the events of one committed transaction at one cluster time, in order, each with its
   * index in the transaction. Readers see all of them or none.
   */
  List<ChangeEntry> appendTransaction(List<ChangePayload> payloads, TransactionId transaction) {
    if (payloads.isEmpty()) {
      return List.of();
    }
    lock.lock();
    try {
      long clusterTime = clock.next();
      long wallTime = clock.millis();
      List<ChangeEntry> appended = new ArrayList<>(payloads.size());
      for (int i = 0; i < payloads.size(); i++) {
        ChangePayload payload = payloads.get(i);
        ChangeEntry entry =
            new ChangeEntry(nextSeq++, clusterTime, i, wallTime, payload, transaction);
        entries.add(entry);
        appended.add(entry);
        retainedBytes += payload.sizeBytes();
      }
      retainedOplogEntries++;
      trimToBounds();
      this.appended.signalAll();
      return appended;
    } finally {
      lock.unlock();
    }
  }

  /** The latest cluster time handed out: the server's {@code operationTime}. */
  long clusterTime() {
    lock.lock();
    try {
      return clock.current();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Up to {@code max} entries from {@code fromSeq}.
   *
   * @throws CommandException ChangeStreamHistoryLost when entries at or after {@code fromSeq} have
   *     already been trimmed
   */
  Slice read(long fromSeq, int max) {
    lock.lock();
    try {
      trimToBounds();
      long firstSeq = firstSeq();
      if (fromSeq < firstSeq) {
        throw CommandException.historyLost();
      }
      int from = head + (int) (fromSeq - firstSeq);
      int to = (int) Math.min(entries.size(), (long) from + max);
      List<ChangeEntry> copy = from >= to ? List.of() : new ArrayList<>(entries.subList(from, to));
      long readThrough = to >= entries.size() ? clock.current() : entries.get(to - 1).clusterTime();
      return new Slice(copy, fromSeq + copy.size(), readThrough);
    } finally {
      lock.unlock();
    }
  }

  /** Waits until an entry at or after {@code seq} exists, at most until {@code deadlineNanos}. */
  boolean awaitEntry(long seq, long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (nextSeq <= seq) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        appended.awaitNanos(remaining);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Where a stream opened now starts: the next position, and the cluster time seen so far. */
  record End(long seq, long clusterTime) {}

  End end() {
    lock.lock();
    try {
      return new End(nextSeq, clock.current());
    } finally {
      lock.unlock();
    }
  }

  /**
   * The position of the first entry after {@code clusterTime} (or at it, when {@code inclusive}).
   *
   * @param entryRequired whether the entry at {@code clusterTime} itself must still be retained
   *     (resuming after an event, or starting at a time), as MongoDB requires
   * @throws CommandException ChangeStreamHistoryLost when the history needed was trimmed
   */
  long seqAfter(long clusterTime, boolean inclusive, boolean entryRequired) {
    // Inclusive: every entry at that time; exclusive: none of them (all of a transaction's).
    return seqAfter(
        clusterTime, inclusive ? Integer.MIN_VALUE : Integer.MAX_VALUE, inclusive, entryRequired);
  }

  /**
   * The position of the first entry after the one at {@code clusterTime} and {@code txnOpIndex} (or
   * at it, when {@code inclusive}): resuming inside a transaction's events.
   */
  long seqAfter(long clusterTime, int txnOpIndex, boolean inclusive, boolean entryRequired) {
    lock.lock();
    try {
      trimToBounds();
      int cmpTrimmed = Long.compareUnsigned(clusterTime, lastTrimmedClusterTime);
      boolean lost = cmpTrimmed < 0 || (cmpTrimmed == 0 && entryRequired);
      if (lastTrimmedClusterTime != 0 && lost) {
        throw CommandException.historyLost();
      }
      int low = head;
      int high = entries.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        int cmp = entries.get(mid).compareTo(clusterTime, txnOpIndex);
        boolean before = inclusive ? cmp < 0 : cmp <= 0;
        if (before) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return firstSeq() + (low - head);
    } finally {
      lock.unlock();
    }
  }

  /** The retained entry with exactly this cluster time (not in a transaction), or null. */
  ChangeEntry entryAt(long clusterTime) {
    return entryAt(clusterTime, ResumeToken.NOT_IN_TRANSACTION);
  }

  /** The retained entry at this cluster time and index in its transaction, or null. */
  ChangeEntry entryAt(long clusterTime, int txnOpIndex) {
    lock.lock();
    try {
      int low = head;
      int high = entries.size() - 1;
      while (low <= high) {
        int mid = (low + high) >>> 1;
        int cmp = entries.get(mid).compareTo(clusterTime, txnOpIndex);
        if (cmp == 0) {
          return entries.get(mid);
        } else if (cmp < 0) {
          low = mid + 1;
        } else {
          high = mid - 1;
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Discards every entry with a cluster time before {@code clusterTime}. */
  void trimBefore(long clusterTime) {
    lock.lock();
    try {
      while (head < entries.size()
          && Long.compareUnsigned(entries.get(head).clusterTime(), clusterTime) < 0) {
        removeOldest();
      }
      compact();
    } finally {
      lock.unlock();
    }
  }

  /** Discards all retained history, as if the oplog had rolled over completely. */
  void trimAll() {
    lock.lock();
    try {
      while (head < entries.size()) {
        removeOldest();
      }
      // Positions up to now are gone even if nothing was retained.
      lastTrimmedClusterTime = clock.current();
      compact();
    } finally {
      lock.unlock();
    }
  }

  /** The oldest retained entry (after applying the bounds), or null when none is retained. */
  ChangeEntry oldest() {
    lock.lock();
    try {
      trimToBounds();
      return head < entries.size() ? entries.get(head) : null;
    } finally {
      lock.unlock();
    }
  }

  /** The newest retained entry, or null when none is retained. */
  ChangeEntry newest() {
    lock.lock();
    try {
      trimToBounds();
      return head < entries.size() ? entries.get(entries.size() - 1) : null;
    } finally {
      lock.unlock();
    }
  }

  long size() {
    lock.lock();
    try {
      return entries.size() - head;
    } finally {
      lock.unlock();
    }
  }

  long retainedBytes() {
    lock.lock();
    try {
      return retainedBytes;
    } finally {
      lock.unlock();
    }
  }

  private long firstSeq() {
    return nextSeq - (entries.size() - head);
  }

  private void trimToBounds() {
    long oldestAllowedMillis = clock.millis() - bounds.maxAge().toMillis();
    while (head < entries.size()
        && (retainedOplogEntries > bounds.maxEvents()
            || retainedBytes > bounds.maxBytes()
            || entries.get(head).wallTimeMillis() < oldestAllowedMillis)) {
      removeOldest();
    }
    compact();
  }

  /**
   * Removes the oldest oplog entry: one event, or all events of the oldest transaction, since
   * MongoDB keeps or drops a transaction's applyOps entry whole.
   */
  private void removeOldest() {
    ChangeEntry oldest = entries.set(head++, null);
    retainedBytes -= oldest.payload().sizeBytes();
    while (oldest.transaction() != null
        && head < entries.size()
        && entries.get(head).transaction() != null
        && entries.get(head).clusterTime() == oldest.clusterTime()) {
      retainedBytes -= entries.set(head++, null).payload().sizeBytes();
    }
    retainedOplogEntries--;
    lastTrimmedClusterTime = oldest.clusterTime();
  }

  private void compact() {
    if (head > 4096 && head > entries.size() / 2) {
      entries.subList(0, head).clear();
      head = 0;
    }
  }

  static long deadline(long waitMillis) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
  }
}
