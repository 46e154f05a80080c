package io.mongoelastic.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The machine's one-minute load average, read every second while a run lasts: how busy the cores
 * were tells a reader whether a figure was measured on a quiet machine (the pipeline itself keeps
 * about 1.5 of 2 cores busy at 1,000 changes/s) or on a shared one.
 */
final class LoadAverageSampler implements AutoCloseable {
  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
  private final Thread thread;
  private volatile boolean running = true;
  private double sum;
  private int count;
  private double max;

  LoadAverageSampler() {
    thread = new Thread(this::loop, "load-average-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      record(OS.getSystemLoadAverage());
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void record(double load) {
    if (load >= 0) {
      sum += load;
      count++;
      max = Math.max(max, load);
    }
  }

  synchronized double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  synchronized double max() {
    return count == 0 ? Double.NaN : max;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
