package io.mongoelastic.benchmarks;

import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the benchmark suite: one Elasticsearch node, one in-JVM Kafka broker and Connect worker with
 * the packaged plugins (and the official MongoDB connector) on its plugin.path, embedded MongoDB
 * processes, then the selected scenarios. Writes {@code <results>/<timestamp>/report.md} and {@code
 * chart.png}, and copies them to {@code <results>/latest/}.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options = BenchmarkOptions.parse(args);
    ConnectorConfigs.SOURCE_OVERRIDES.putAll(options.sourceProps);
    ConnectorConfigs.SINK_OVERRIDES.putAll(options.sinkProps);
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(options.work.resolve("logs"));
    if (System.getProperty("org.slf4j.simpleLogger.logFile") == null) {
      System.setProperty(
          "org.slf4j.simpleLogger.logFile", options.work.resolve("logs/runner.log").toString());
    }
    String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    long suiteStart = System.nanoTime();
    BenchmarkContext.log("Machine: %s", MachineInfo.describe());
    BenchmarkContext.log(
        "Scenarios %s, %,d docs, %d run(s) each; logs in %s",
        options.only, options.docs, options.repeat, options.work.resolve("logs"));

    List<Path> zips = zipsIn(options.plugins);
    Path officialZip = OfficialConnectorPlugin.zip(options.official, options.work);
    if (officialZip != null) {
      zips.add(officialZip);
    }
    ElasticsearchNode elasticsearch =
        ElasticsearchNode.builder().heap(options.elasticsearchHeap).start();
    BenchmarkContext.log(
        "Elasticsearch at %s (heap %s)", elasticsearch.url(), options.elasticsearchHeap);
    ConnectStack stack =
        ConnectStack.builder("bench")
            .pluginZips(zips)
            .workDir(options.work.resolve("connect").toAbsolutePath())
            .start();
    BenchmarkContext.log(
        "Kafka at %s, Connect worker at %s; idle heap after GC %.0f MiB",
        stack.bootstrapServers(), stack.restUrl(), HeapSampler.settledHeap() / 1048576.0);

    boolean failed;
    try (BenchmarkContext ctx =
        new BenchmarkContext(options, elasticsearch, stack, officialZip != null)) {
      if (officialZip == null) {
        ctx.notes.add("The official connector jar was not found in " + options.official + ".");
      }
      run(ctx, "sink", () -> new SinkComparison(ctx).run());
      run(ctx, "source", () -> new SourceComparison(ctx).run());
      run(ctx, "e2e", () -> new EndToEndBenchmark(ctx).run());
      run(ctx, "freshness", () -> new EndToEndBenchmark(ctx).runFreshness());
      run(
          ctx,
          SnapshotFreshnessBenchmark.SCENARIO,
          () -> new SnapshotFreshnessBenchmark(ctx).run());
      run(ctx, ManyCollectionsBenchmark.SCENARIO, () -> new ManyCollectionsBenchmark(ctx).run());

      Path dir = options.results.resolve(started);
      double minutes = (System.nanoTime() - suiteStart) / 60e9;
      new ReportWriter(ctx).write(dir, started, command(args), minutes);
      ChartWriter.write(ctx, dir.resolve("chart.png"));
      copyToLatest(dir, options.results.resolve("latest"));
      BenchmarkContext.log(
          "Report: %s (also in %s)", dir.resolve("report.md"), options.results.resolve("latest"));
      System.out.println(Files.readString(dir.resolve("report.md")));
      failed = ctx.freshness.stream().anyMatch(FreshnessResult::failed);
      if (failed) {
        BenchmarkContext.log("FAILED: a freshness run lost changes or did not run; see the report");
      }
    } finally {
      try {
        stack.close();
      } catch (RuntimeException e) {
        BenchmarkContext.log("Stopping the Connect stack failed: %s", e.getMessage());
      }
      elasticsearch.close();
    }
    // A change that never arrived is a failed run, whatever its percentiles.
    System.exit(failed ? 1 : 0);
  }

  private static void run(BenchmarkContext ctx, String scenario, Runnable body) {
    if (!ctx.options.only.contains(scenario)) {
      return;
    }
    long start = System.nanoTime();
    BenchmarkContext.log("=== scenario %s ===", scenario);
    try {
      body.run();
      ctx.workerUsed = true;
    } catch (RuntimeException e) {
      ctx.notes.add("Scenario " + scenario + " stopped: " + e);
      BenchmarkContext.log("Scenario %s stopped: %s", scenario, e);
      e.printStackTrace(System.out);
    }
    BenchmarkContext.log(
        "=== scenario %s done in %.1f min ===", scenario, (System.nanoTime() - start) / 60e9);
  }

  /** The plugin zips in {@code dir}, sorted by name. */
  static List<Path> zipsIn(Path dir) {
    List<Path> zips = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(p -> p.toString().endsWith(".zip")).sorted().forEach(zips::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list " + dir, e);
      }
    }
    if (zips.isEmpty()) {
      throw new IllegalStateException(
          "No plugin zips in " + dir + "; build first (benchmarks/run.sh does).");
    }
    return zips;
  }

  /** The user's command line, without the folder options run.sh adds. */
  private static String command(String[] args) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (List.of("--results", "--work", "--plugins", "--official", "--baseline-plugins")
          .contains(args[i])) {
        i++;
      } else {
        kept.add(args[i]);
      }
    }
    return ("benchmarks/run.sh " + String.join(" ", kept)).trim();
  }

  private static void copyToLatest(Path dir, Path latest) throws IOException {
    Files.createDirectories(latest);
    try (Stream<Path> old = Files.list(latest)) {
      for (Path file : (Iterable<Path>) old::iterator) {
        Files.deleteIfExists(file);
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.copy(file, latest.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
