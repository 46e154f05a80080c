package io.mongoelastic.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link MongoProcessMain}; closing it stops the server. */
public final class MongoProcess implements AutoCloseable {
  private final Process process;
  private final String connectionString;

  private MongoProcess(Process process, String connectionString) {
    this.process = process;
    this.connectionString = connectionString;
  }

  /** The server's garbage collector. */
  public enum Collector {
    /**
     * Most work per CPU second: for throughput runs (pauses of its young collections grow with the
     * documents written, up to seconds once hundreds of MB were inserted).
     */
    THROUGHPUT("-XX:+UseParallelGC"),
    /**
     * Pauses under a millisecond (concurrent work instead): for latency runs, where a pause of the
     * server would count as the pipeline's lateness, while mongod has no such pauses.
     */
    LOW_PAUSE("-XX:+UseZGC");

    private final String option;

    Collector(String option) {
      this.option = option;
    }
  }

  public static MongoProcess start(String heap, Path logFile) {
    return start(heap, Collector.THROUGHPUT, logFile);
  }

  public static MongoProcess start(String heap, Collector collector, Path logFile) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      Files.createDirectories(logFile.getParent());
      List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, collector.option));
      // e.g. a flight recording of the server: BENCH_MONGO_JAVA_OPTS=-XX:StartFlightRecording=...
      String extra = System.getenv("BENCH_MONGO_JAVA_OPTS");
      if (extra != null && !extra.isBlank()) {
        command.addAll(List.of(extra.trim().split("\\s+")));
      }
      command.addAll(
          List.of("-cp", System.getProperty("java.class.path"), MongoProcessMain.class.getName()));
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "mongo-kill"));
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("URI ")) {
          return new MongoProcess(process, line.substring(4).trim());
        }
      }
      throw new IllegalStateException("Embedded MongoDB process exited; see " + logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the embedded MongoDB process", e);
    }
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  public String connectionString() {
    return connectionString;
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
