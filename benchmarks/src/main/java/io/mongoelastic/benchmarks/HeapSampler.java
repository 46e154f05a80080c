package io.mongoelastic.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap of this JVM (which hosts the Connect worker and the broker) after a forced full collection,
 * sampled while a run is in progress. The peak minus the idle baseline taken just before the run is
 * the heap the run added.
 *
 * <p>By default it samples twice: once when the run is half done ({@link #progress}, called by the
 * wait loops with the documents done so far) and once after the clock stopped ({@link #sample()}).
 * Each forced collection stops the worker and the broker for up to a second, so one in the timed
 * part costs a run a few percent at most, where the former sample every 3 s cost a third of a short
 * run. A positive period forces one every period instead (closer to the true peak, at that price);
 * a negative one turns sampling off.
 */
public final class HeapSampler implements AutoCloseable {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private final long periodMs;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peak;
  private boolean halfwayTaken;

  private HeapSampler(long periodMs) {
    this.periodMs = periodMs;
    this.thread = new Thread(this::loop, "heap-sampler");
    this.thread.setDaemon(true);
  }

  /** Heap used right after a full collection. */
  public static long settledHeap() {
    System.gc();
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /**
   * Samples at half way and at the end ({@code periodMs} 0), every {@code periodMs} (positive) or
   * never (negative).
   */
  public static HeapSampler start(long periodMs) {
    HeapSampler sampler = new HeapSampler(periodMs);
    if (periodMs > 0) {
      sampler.thread.start();
    }
    return sampler;
  }

  /**
   * Only the samples asked for with {@link #sample()} (or none when {@code enabled} is false): for
   * latency runs, whose percentiles a forced collection would distort.
   */
  public static HeapSampler onDemand(boolean enabled) {
    return new HeapSampler(enabled ? Long.MAX_VALUE : -1);
  }

  /** Takes the half-way sample once {@code done} reaches half of {@code total}. */
  public void progress(long done, long total) {
    if (periodMs == 0 && !halfwayTaken && done * 2 >= total) {
      halfwayTaken = true;
      record(settledHeap());
    }
  }

  /** Takes one more sample now (call at the end of the timed part, before cleaning up). */
  public void sample() {
    if (periodMs >= 0) {
      record(settledHeap());
    }
  }

  /** Peak after-GC heap in bytes, -1 when sampling was off. */
  public long peak() {
    return periodMs >= 0 ? peak : -1;
  }

  private synchronized void record(long used) {
    peak = Math.max(peak, used);
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(periodMs);
      } catch (InterruptedException e) {
        return;
      }
      if (running) {
        System.gc();
        record(MEMORY.getHeapMemoryUsage().getUsed());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
