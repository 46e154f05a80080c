package io.mongoelastic.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes {@code report.md} (Markdown tables) and {@code results.csv} of one suite run. */
final class ReportWriter {
  private final BenchmarkContext ctx;

  ReportWriter(BenchmarkContext ctx) {
    this.ctx = ctx;
  }

  void write(Path dir, String started, String command, double minutes) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark report ").append(started).append("\n\n");
    md.append("- Machine: ").append(MachineInfo.describe()).append('\n');
    md.append("- Command: `").append(command).append("`\n");
    md.append(
        String.format(
            "- Sizes: %,d documents of about 1 KB per throughput run, %,d streamed changes, %d run(s)"
                + " per figure (medians shown), freshness %d s at %,d changes/s after %s,"
                + " on %s%n",
            ctx.options.docs,
            ctx.options.changes,
            ctx.options.repeat,
            ctx.options.freshnessSeconds,
            ctx.options.freshnessRate,
            ctx.options.freshnessEnvironmentWarmupSeconds > 0
                ? ctx.options.freshnessEnvironmentWarmupSeconds
                    + " s of environment warm-up (`--freshness-env-warmup`)"
                : "no environment warm-up (`--freshness-env-warmup 0`)",
            ctx.options.freshnessExistingIndex
                ? "an existing, search-idle index (`--freshness-index existing`)"
                : "an index the sink creates (`--freshness-index new`)"));
    md.append(String.format("- Suite duration: %.1f min%n", minutes));
    md.append(
        "- Heap: peak heap after a full GC of the runner JVM (which hosts the broker and the"
            + " worker) during the run, minus the same after a full GC just before it.\n\n");

    sinkTable(md);
    sourceTable(md);
    e2eTable(md);
    snapshotFreshnessTable(md);
    freshnessTable(md);
    if (!ctx.notes.isEmpty()) {
      md.append("## Notes\n\n");
      ctx.notes.forEach(n -> md.append("- ").append(n).append('\n'));
      md.append('\n');
    }
    md.append("![throughput and latency](chart.png)\n");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("report.md"), md.toString());
      Files.writeString(dir.resolve("results.csv"), csv());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report into " + dir, e);
    }
  }

  private void sinkTable(StringBuilder md) {
    List<Measurement> rows = rows(SinkComparison.SCENARIO);
    if (rows.isEmpty()) {
      return;
    }
    md.append("## Sink: Kafka records / documents → Elasticsearch\n\n");
    header(md, "× ceiling", "× BulkIngester", "CPU µs/doc runner JVM / Elasticsearch");
    for (Measurement m : rows) {
      Measurement ceiling = ctx.find(m.scenario, m.group, SinkComparison.CEILING);
      Measurement ingester = ctx.find(m.scenario, m.group, SinkComparison.INGESTER);
      row(
          md,
          m,
          ratio(m, ceiling),
          ratio(m, ingester),
          medians(m.workerCpuMicros, m.elasticsearchCpuMicros));
    }
    md.append('\n');
    md.append(
        "CPU µs/doc (medians): the runner JVM (broker, worker and connector, or the"
            + " BulkIngester; near idle for curl) and the Elasticsearch process, divided by the"
            + " documents. Their sum times docs/s is the share of the 2 cores in use.\n\n");
  }

  private void sourceTable(StringBuilder md) {
    List<Measurement> rows = rows(SourceComparison.SCENARIO);
    if (rows.isEmpty()) {
      return;
    }
    md.append("## Source: MongoDB → Kafka\n\n");
    header(md, "× official", "CPU µs/doc connector / JVM / MongoDB");
    for (Measurement m : rows) {
      Measurement official = ctx.find(m.scenario, m.group, SourceComparison.OFFICIAL);
      row(md, m, ratio(m, official), cpu(m));
    }
    md.append('\n');
    md.append(
        "CPU µs/doc (medians, snapshot runs): the connector's threads (task threads, snapshot"
            + " reader, its producer), the whole runner JVM (worker, broker, benchmark, JIT, GC) and"
            + " the embedded MongoDB process, divided by the documents; less sensitive to other"
            + " load than docs/s. The JVM figure includes JIT compilation, which weighs on the"
            + " first variant of a suite.\n\n");
  }

  private void e2eTable(StringBuilder md) {
    List<Measurement> rows = rows(EndToEndBenchmark.SCENARIO);
    if (rows.isEmpty()) {
      return;
    }
    Measurement ceiling =
        ctx.find(SinkComparison.SCENARIO, IndexMapping.DYNAMIC.label(), SinkComparison.CEILING);
    md.append("## End to end: MongoDB → source → Kafka → sink → Elasticsearch\n\n");
    header(md, "× ceiling (dynamic)", "CPU µs/doc runner JVM / MongoDB / Elasticsearch");
    if (ceiling != null) {
      row(md, ceiling, "1.00", medians(List.of(), List.of(), ceiling.elasticsearchCpuMicros));
    }
    for (Measurement m : rows) {
      row(
          md,
          m,
          ratio(m, ceiling),
          medians(m.workerCpuMicros, m.mongoCpuMicros, m.elasticsearchCpuMicros));
    }
    md.append('\n');
    md.append(
        "CPU µs/doc (medians): the runner JVM (broker, worker, both connectors), the embedded"
            + " MongoDB and Elasticsearch, divided by the documents.\n\n");
  }

  private void snapshotFreshnessTable(StringBuilder md) {
    List<Measurement> rows = rows(SnapshotFreshnessBenchmark.SCENARIO);
    if (rows.isEmpty()) {
      return;
    }
    md.append("## Snapshot while changes are made (issue 17)\n\n");
    header(md, "× baseline build");
    Measurement baseline =
        rows.stream().filter(m -> m.variant.startsWith("baseline")).findFirst().orElse(null);
    for (Measurement m : rows) {
      row(md, m, baseline == null ? "–" : ratio(m, baseline));
    }
    md.append('\n');
    md.append(
        String.format(
            "docs/s: the collection's %,d documents / the time from both connectors RUNNING until"
                + " Elasticsearch holds as many documents as the collection (the changes stop at"
                + " the first end-of-snapshot marker in Kafka; its time is in the notes). The"
                + " changes written meanwhile (%,d/s, half of them inserts the snapshot may read"
                + " too) are timed from the write to Elasticsearch's acknowledgement (rows `%s: …`"
                + " of the freshness table). *Paced*: `snapshot.pace.consumer.group` set to the"
                + " sink's group, as in config-examples/mongodb-source.json. A run whose index does"
                + " not end with the collection's count fails.%n%n",
            ctx.options.docs, ctx.options.freshnessRate, SnapshotFreshnessBenchmark.SCENARIO));
  }

  private void freshnessTable(StringBuilder md) {
    if (ctx.freshness.isEmpty()) {
      return;
    }
    md.append("## Freshness: MongoDB write → acknowledged by Elasticsearch (bulk response)\n\n");
    md.append(
        String.format(
            "The clock starts when both connectors are RUNNING; nothing is written before. *Cold*"
                + " is the first %d s (what users see after a deploy, restart or rebalance), *cold"
                + " from second %d* the part of it the latency goal applies to, *steady* the"
                + " rest. *Written*: every change made in MongoDB. *Tracked*: the changes timed,"
                + " every %d-th one written while the clock ran (`--freshness-sample`); the writes"
                + " of the last %d s are not timed, the heap is sampled then. *Seen*: tracked"
                + " changes Elasticsearch acknowledged; seen equals tracked unless a change never"
                + " arrived, and a change that never arrives (*missing*, untimed ones included)"
                + " fails the run. Load: the one-minute load average during the run, mean / max"
                + " (%d cores).%n%n",
            ctx.options.freshnessColdSeconds,
            ctx.options.freshnessGoalFromSecond,
            ctx.options.freshnessSampleEvery,
            2,
            Runtime.getRuntime().availableProcessors()));
    md.append(
        "| settings | written | tracked | seen | missing | rate /s target / achieved | load mean /"
            + " max |"
            + " heap added MiB | notes |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (FreshnessResult f : ctx.freshness) {
      md.append(
          String.format(
              "| %s | %,d | %,d | %,d | %s | %,d / %,.0f | %.2f / %.2f | %s | %s |%n",
              f.label(),
              f.written(),
              f.tracked(),
              f.seen(),
              f.missing() == 0 ? "0" : "**" + f.missing() + " (FAILED)**",
              f.targetRate(),
              f.achievedRate(),
              f.loadMean(),
              f.loadMax(),
              f.heapMiB() < 0 ? "–" : String.format("%.0f", f.heapMiB()),
              f.note()));
    }
    md.append("\n| settings | phase | seconds | changes timed | p50 ms | p99 ms | max ms |")
        .append(
            " in Kafka p99 ms | bulk sent p99 ms |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (FreshnessResult f : ctx.freshness) {
      for (LatencyWindow w : f.phases()) {
        md.append(window(f.label(), w.name(), w));
      }
    }
    medians(md);
    md.append("\nBy 10-second stretch (changes written in it):\n\n");
    md.append("| settings | phase | seconds | changes timed | p50 ms | p99 ms | max ms |")
        .append(
            " in Kafka p99 ms | bulk sent p99 ms |\n|---|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (FreshnessResult f : ctx.freshness) {
      for (LatencyWindow w : f.timeline()) {
        md.append(window(f.label(), "", w));
      }
    }
    md.append('\n');
  }

  /** Medians over the runs of one label, phase by phase, when a label ran more than once. */
  private void medians(StringBuilder md) {
    Map<String, List<FreshnessResult>> byLabel = new LinkedHashMap<>();
    ctx.freshness.forEach(f -> byLabel.computeIfAbsent(f.label(), k -> new ArrayList<>()).add(f));
    if (byLabel.values().stream().noneMatch(runs -> runs.size() > 1)) {
      return;
    }
    md.append("\nMedians over the runs of each setting (p50 / p99 / max ms):\n\n");
    md.append("| settings | runs | phase | p50 | p99 | max |\n|---|---:|---|---:|---:|---:|\n");
    byLabel.forEach(
        (label, runs) -> {
          for (int i = 0; i < runs.get(0).phases().size(); i++) {
            int phase = i;
            List<LatencyWindow> windows =
                runs.stream()
                    .filter(r -> r.phases().size() > phase)
                    .map(r -> r.phases().get(phase))
                    .toList();
            md.append(
                String.format(
                    "| %s | %d | %s (%s) | %.1f | %.1f | %.1f |%n",
                    label,
                    windows.size(),
                    windows.get(0).name(),
                    windows.get(0).span(),
                    Measurement.median(windows.stream().map(LatencyWindow::p50Ms).toList()),
                    Measurement.median(windows.stream().map(LatencyWindow::p99Ms).toList()),
                    Measurement.median(windows.stream().map(LatencyWindow::maxMs).toList())));
          }
        });
  }

  private static String window(String label, String phase, LatencyWindow w) {
    return String.format(
        "| %s | %s | %s | %,d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
        label,
        phase,
        w.span(),
        w.changes(),
        w.p50Ms(),
        w.p99Ms(),
        w.maxMs(),
        w.inKafkaP99Ms(),
        w.sentP99Ms());
  }

  private List<Measurement> rows(String scenario) {
    return ctx.measurements.values().stream()
        .filter(m -> m.scenario.equals(scenario))
        .collect(Collectors.toList());
  }

  private static void header(StringBuilder md, String... columns) {
    md.append("| group | variant | docs/s (median) | runs | min–max | ")
        .append(String.join(" | ", columns))
        .append(" | heap added MiB | notes |\n");
    md.append("|---|---|---:|---:|---:|").append("---:|".repeat(columns.length));
    md.append("---:|---|\n");
  }

  /** Medians of per-document CPU figures, "a / b / c", "–" for a part not measured. */
  @SafeVarargs
  private static String medians(List<Double>... parts) {
    List<String> out = new java.util.ArrayList<>();
    for (List<Double> part : parts) {
      out.add(part.isEmpty() ? "–" : String.format("%.1f", Measurement.median(part)));
    }
    return String.join(" / ", out);
  }

  private static void row(StringBuilder md, Measurement m, String... columns) {
    String rate = m.hasRuns() ? String.format("%,.0f", m.medianRate()) : "failed";
    String spread =
        m.docsPerSecond.size() < 2
            ? "–"
            : String.format(
                "%,.0f–%,.0f%s",
                m.docsPerSecond.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                m.docsPerSecond.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                m.spread() > 0.2 ? " (noisy)" : "");
    String heap = m.heapMiB.isEmpty() ? "–" : String.format("%.0f", m.medianHeap());
    String notes = String.join("; ", m.notes).replace("|", "/").replace("\n", " ");
    md.append(
        String.format(
            "| %s | %s | %s | %d%s | %s | %s | %s | %s |%n",
            m.group,
            m.variant,
            rate,
            m.docsPerSecond.size(),
            m.failures > 0 ? " (+" + m.failures + " failed)" : "",
            spread,
            String.join(" | ", columns),
            heap,
            notes));
  }

  private static String cpu(Measurement m) {
    if (m.connectorCpuMicros.isEmpty()) {
      return "";
    }
    return String.format(
        "%.1f / %s / %s",
        Measurement.median(m.connectorCpuMicros),
        m.workerCpuMicros.isEmpty()
            ? "–"
            : String.format("%.1f", Measurement.median(m.workerCpuMicros)),
        m.mongoCpuMicros.isEmpty()
            ? "–"
            : String.format("%.1f", Measurement.median(m.mongoCpuMicros)));
  }

  private static String ratio(Measurement m, Measurement reference) {
    if (reference == null || reference == m || !m.hasRuns() || !reference.hasRuns()) {
      return reference == m ? "1.00" : "–";
    }
    return String.format("%.2f", m.medianRate() / reference.medianRate());
  }

  private String csv() {
    StringBuilder csv =
        new StringBuilder("scenario,group,variant,run,docs,seconds,docs_per_s,heap_mib\n");
    for (Measurement m : ctx.measurements.values()) {
      for (int i = 0; i < m.docsPerSecond.size(); i++) {
        csv.append(
            String.format(
                "%s,%s,%s,%d,%d,%.3f,%.1f,%s%n",
                m.scenario,
                m.group,
                m.variant.replace(",", ";"),
                i + 1,
                m.docs,
                m.seconds.get(i),
                m.docsPerSecond.get(i),
                i < m.heapMiB.size() ? String.format("%.1f", m.heapMiB.get(i)) : ""));
      }
    }
    for (FreshnessResult f : ctx.freshness) {
      for (LatencyWindow w : f.phases()) {
        csv.append(
            String.format(
                "freshness,%s,%s;p50=%.1f;p99=%.1f;max=%.1f,1,%d,,%.1f,%.1f%n",
                f.label().replace(",", ";"),
                w.name() + " " + w.span(),
                w.p50Ms(),
                w.p99Ms(),
                w.maxMs(),
                w.changes(),
                f.achievedRate(),
                f.heapMiB()));
      }
    }
    return csv.toString();
  }
}
