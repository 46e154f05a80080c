package io.mongoelastic.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The node's ceiling: pre-built NDJSON posted by {@code curl --data-binary}, a fixed number of
 * requests in flight, nothing parsed or serialised on the client side.
 */
public final class CurlBulkLoader {
  private CurlBulkLoader() {}

  /** Posts every file to {@code index}; returns the elapsed nanoseconds. */
  public static long load(String url, String index, List<Path> files, int inFlight) {
    AtomicInteger next = new AtomicInteger();
    AtomicReference<String> failure = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    long start = System.nanoTime();
    try {
      List<Future<?>> workers = new java.util.ArrayList<>();
      for (int i = 0; i < inFlight; i++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int f = next.getAndIncrement();
                      f < files.size() && failure.get() == null;
                      f = next.getAndIncrement()) {
                    String error = post(url, index, files.get(f));
                    if (error != null) {
                      failure.compareAndSet(null, error);
                    }
                  }
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("curl load failed", e);
    } finally {
      pool.shutdownNow();
    }
    long elapsed = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("curl bulk failed: " + failure.get());
    }
    return elapsed;
  }

  private static String post(String url, String index, Path file) {
    try {
      Process curl =
          new ProcessBuilder(
                  "curl",
                  "-sS",
                  "-H",
                  "Content-Type: application/x-ndjson",
                  "-XPOST",
                  "--data-binary",
                  "@" + file,
                  url + "/" + index + "/_bulk?filter_path=errors")
              .redirectErrorStream(true)
              .start();
      String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = curl.waitFor();
      if (exit != 0 || !out.contains("\"errors\":false")) {
        return file.getFileName()
            + ": exit "
            + exit
            + ": "
            + out.substring(0, Math.min(300, out.length()));
      }
      return null;
    } catch (IOException e) {
      return "cannot run curl: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
