package io.mongoelastic.sink.bulk;

/**
 * The records of one partition that still owe actions, in offset order: offset → actions owed.
 * Records arrive in offset order almost always, so they are appended to a ring of primitive arrays
 * and found again by binary search; done records at the head are dropped as the head advances. An
 * offset arriving out of order (a redelivery) is merged into place. Replaces a {@code TreeMap<Long,
 * Integer>}, which cost three objects and a rebalancing per record. Not thread-safe.
 */
final class OutstandingOffsets {
  private long[] offsets = new long[256];
  private int[] owed = new int[256];
  private int head;
  private int size;

  /** Entries that still owe an action (the rest are done, waiting for the head to pass). */
  private int open;

  /** Adds {@code actions} owed by the record at {@code offset}. */
  void add(long offset, int actions) {
    if (size > 0 && offset <= offsetAt(size - 1)) {
      merge(offset, actions);
      return;
    }
    if (size == offsets.length) {
      linearize(offsets.length * 2);
    }
    int slot = slot(size);
    offsets[slot] = offset;
    owed[slot] = actions;
    size++;
    open++;
  }

  /**
   * Marks one action of the record at {@code offset} done.
   *
   * @return whether the lowest outstanding offset moved (false also when the offset is unknown)
   */
  boolean done(long offset) {
    int at = find(offset);
    if (at < 0) {
      return false;
    }
    int slot = slot(at);
    if (owed[slot] == 0) {
      return false;
    }
    if (--owed[slot] > 0) {
      return false;
    }
    open--;
    if (at != 0) {
      return false;
    }
    while (size > 0 && owed[head] == 0) {
      head = (head + 1) % offsets.length;
      size--;
    }
    return true;
  }

  boolean isEmpty() {
    return open == 0;
  }

  /** The lowest offset that still owes an action; only when not {@link #isEmpty()}. */
  long first() {
    return offsets[head];
  }

  /** Records that still owe an action. */
  int count() {
    return open;
  }

  private void merge(long offset, int actions) {
    int at = find(offset);
    if (at >= 0) {
      int slot = slot(at);
      if (owed[slot] == 0) {
        open++;
      }
      owed[slot] += actions;
      return;
    }
    int insertAt = -at - 1;
    linearize(size == offsets.length ? offsets.length * 2 : offsets.length);
    System.arraycopy(offsets, insertAt, offsets, insertAt + 1, size - insertAt);
    System.arraycopy(owed, insertAt, owed, insertAt + 1, size - insertAt);
    offsets[insertAt] = offset;
    owed[insertAt] = actions;
    size++;
    open++;
  }

  /** The position of {@code offset} among the entries, or -(insertion point) - 1. */
  private int find(long offset) {
    int low = 0;
    int high = size - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long value = offsetAt(mid);
      if (value < offset) {
        low = mid + 1;
      } else if (value > offset) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  private long offsetAt(int position) {
    return offsets[slot(position)];
  }

  private int slot(int position) {
    int slot = head + position;
    return slot < offsets.length ? slot : slot - offsets.length;
  }

  /** Moves the entries to the start of arrays of {@code capacity}. */
  private void linearize(int capacity) {
    long[] newOffsets = new long[capacity];
    int[] newOwed = new int[capacity];
    int firstPart = Math.min(size, offsets.length - head);
    System.arraycopy(offsets, head, newOffsets, 0, firstPart);
    System.arraycopy(owed, head, newOwed, 0, firstPart);
    System.arraycopy(offsets, 0, newOffsets, firstPart, size - firstPart);
    System.arraycopy(owed, 0, newOwed, firstPart, size - firstPart);
    offsets = newOffsets;
    owed = newOwed;
    head = 0;
  }
}
