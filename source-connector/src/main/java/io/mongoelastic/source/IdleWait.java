package io.mongoelastic.source;

import java.util.concurrent.TimeUnit;

/**
 * The pause of a task loop whose turn found nothing to do, cut short by {@link #wake}: a snapshot
 * read completing on the reader thread makes the loop look again at once rather than at its next
 * tick. A wake that comes while the loop is busy ends its next pause at once, so none is missed.
 */
final class IdleWait {
  private final Object lock = new Object();
  private boolean woken;

  /** Ends the current pause, or the next one if none is under way. Any thread. */
  void wake() {
    synchronized (lock) {
      woken = true;
      lock.notifyAll();
    }
  }

  /**
   * Pauses for up to {@code millis}, less when woken.
   *
   * @return whether a wake ended the pause (false: the time ran out)
   */
  boolean pause(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (lock) {
      long left;
      while (!woken && (left = deadline - System.nanoTime()) > 0) {
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      boolean wasWoken = woken;
      woken = false;
      return wasWoken;
    }
  }
}
