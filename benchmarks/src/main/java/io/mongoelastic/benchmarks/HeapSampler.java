package io.mongoelastic.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap of this JVM (which hosts the Connect worker and the broker) after a full collection, sampled
 * at a fixed period while a run is in progress. The peak minus the idle baseline taken just before
 * the run is the heap the run added. Each sample is a stop-the-world {@code System.gc()}, which
 * costs the run a little throughput; a period of 0 turns sampling off.
 */
public final class HeapSampler implements AutoCloseable {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private final long periodMs;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peak;

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

  public static HeapSampler start(long periodMs) {
    HeapSampler sampler = new HeapSampler(periodMs);
    if (periodMs > 0) {
      sampler.thread.start();
    }
    return sampler;
  }

  /**
   * No periodic samples, only those asked for with {@link #sample()} (or none when {@code enabled}
   * is false): for latency runs, whose percentiles the forced collections would distort.
   */
  public static HeapSampler onDemand(boolean enabled) {
    return new HeapSampler(enabled ? Long.MAX_VALUE : 0);
  }

  /** Takes one more sample now (call at the end of the timed part, before cleaning up). */
  public void sample() {
    if (periodMs > 0) {
      record(settledHeap());
    }
  }

  /** Peak after-GC heap in bytes, -1 when sampling was off. */
  public long peak() {
    return periodMs > 0 ? peak : -1;
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
