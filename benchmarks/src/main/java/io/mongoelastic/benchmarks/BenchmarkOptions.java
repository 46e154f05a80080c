package io.mongoelastic.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Command-line options of the benchmark suite; every size has a full-size default. */
public final class BenchmarkOptions {
  static final Set<String> SCENARIOS =
      Set.of(
          "sink",
          "source",
          "e2e",
          "freshness",
          SnapshotFreshnessBenchmark.SCENARIO,
          ManyCollectionsBenchmark.SCENARIO);
  static final Set<String> SINK_VARIANTS = Set.of("ceiling", "ingester", "json", "bytes");
  static final Set<String> MAPPINGS = Set.of("explicit", "dynamic");
  static final Set<String> SNAPSHOT_VARIANTS =
      Set.of("defaults", "tight", "one-second", "unpaced", "baseline");

  int docs = 1_000_000;
  int changes = -1;
  int repeat = 1;
  Set<String> only =
      new LinkedHashSet<>(
          List.of("sink", "source", "e2e", "freshness", SnapshotFreshnessBenchmark.SCENARIO));
  Set<String> sinkVariants = new LinkedHashSet<>(List.of("ceiling", "ingester", "json", "bytes"));
  Set<String> mappings = new LinkedHashSet<>(List.of("explicit", "dynamic"));
  Set<String> snapshotVariants =
      new LinkedHashSet<>(List.of("defaults", "tight", "one-second", "unpaced", "baseline"));
  List<Integer> scalingTasks = List.of(1, 2, 4);
  List<Integer> sourceTasks = List.of(1, 2);
  int sinkTasks = 1;
  int partitions = 4;
  int batchDocs = 5_000;
  int freshnessSeconds = 120;
  int freshnessColdSeconds = 60;
  int freshnessGoalFromSecond = 10;
  int freshnessEnvironmentWarmupSeconds = 120;
  boolean freshnessExistingIndex = true;
  int sourceWarmupRounds = 1;
  int sinkWarmupRounds = 1;
  int e2eWarmupRounds = 1;
  int sourceStallSeconds = 90;
  int freshnessRate = 1_000;
  List<Integer> freshnessLingerMs = List.of(-1);
  int freshnessSampleEvery = 1;
  int collections = 1_000;
  // Untimed paced writes before the collections scenario's clock: a cold worker and MongoDB at
  // 1,000 changes/s on two cores need about a minute to reach their steady state.
  int collectionsWarmupSeconds = 60;

  /**
   * {@code snapshot.mode} of our source in the streaming and freshness runs, which start from an
   * empty collection: the default, {@code initial}, so the stream starts after a (trivial) snapshot
   * as it does for users.
   */
  String streamSnapshotMode = "initial";

  long gcIntervalMs = 0;
  String elasticsearchHeap = "512m";
  String mongoHeap = "8g";
  boolean skipOfficial;
  boolean skipStreaming;
  Map<String, String> sourceProps = new LinkedHashMap<>();
  Map<String, String> sinkProps = new LinkedHashMap<>();
  Path results = Path.of("benchmarks/results");
  Path work = Path.of("benchmarks/target/bench-work");
  Path plugins = Path.of("benchmarks/target/plugins");
  Path official = Path.of("benchmarks/target/official");
  Path baselinePlugins;

  static final String USAGE =
      """
      Usage: run.sh [options]
        --docs N              documents per throughput run (default 1000000)
        --changes N           changes in the source streaming run (default docs/10, at most 100000)
        --repeat N            runs per figure; the report shows medians (default 1)
        --only LIST           comma-separated scenarios: sink,source,e2e,freshness,
                              snapshot-freshness (default all); collections (only when named:
                              the freshness rate spread over --collections collections streamed
                              by one task)
        --collections N       collections of the collections scenario (default 1000)
        --collections-warmup N  seconds of untimed paced writes before its clock (default 60)
        --tasks LIST          tasks.max values of the end-to-end scaling runs (default 1,2,4)
        --source-tasks LIST   tasks.max values of our source in the snapshot comparison (default 1,2)
        --source-stall-seconds N  a snapshot run fails after N s without a new record (default 90)
        --source-warmup N     untimed rounds of the snapshot comparison before the timed ones, so
                              no variant pays the JIT of the shared JVMs (default 1; 0 = none)
        --sink-tasks N        tasks.max of our sink in the sink comparison (default 1)
        --sink-warmup N       untimed rounds of the sink comparison (every selected variant, the
                              first selected mapping) before the timed ones (default 1; 0 = none)
        --e2e-warmup N        untimed end-to-end rounds (the ceiling if the sink scenario did not
                              run, and the first --tasks value) before the timed ones (default 1)
        --sink-variants LIST  variants of the sink comparison: ceiling,ingester,json,bytes
                              (default all; json/bytes = our sink with JsonConverter /
                              ByteArrayConverter values)
        --snapshot-variants LIST  variants of snapshot-freshness: defaults,tight,one-second,
                              unpaced,baseline (default all; baseline needs BASELINE_REF)
        --mappings LIST       index mappings of the sink comparison: explicit,dynamic (default both)
        --partitions N        partitions of every benchmark topic (default 4)
        --batch-docs N        documents per NDJSON file / curl request (default 5000)
        --freshness-seconds N duration of the freshness run, timed from the moment both
                              connectors are RUNNING (default 120)
        --freshness-cold-seconds N  its cold phase, reported apart from the steady phase after
                              it (default 60)
        --freshness-env-warmup N  seconds of writes and change-stream reads in MongoDB and of
                              bulk requests to Elasticsearch before each freshness run, so the
                              services start as warm as in production (default 120; 0 = none)
        --freshness-index existing|new  existing (default): the index exists and has gone
                              search-idle before the connectors start, as after a restart or a
                              rebalance; new: the sink creates it, as at a first deployment (a new
                              index refreshes every second for its first 30 s)
        --freshness-goal-from N  the second of the cold phase from which the latency goal
                              applies, reported as a phase of its own (default 10)
        --freshness-rate N    changes per second of the freshness run (default 1000)
        --freshness-linger-ms L sink bulk.linger.ms of each freshness run, -1 = all connector
                              defaults (default -1; e.g. -1,100 adds a run with 100 ms)
        --freshness-sample N  time every N-th change of the freshness run (default 1: all)
        --stream-snapshot-mode M  snapshot.mode of our source in the streaming and freshness
                              runs, which start on an empty collection (default initial)
        --gc-interval-ms N    heap: 0 = read it after the JVM's own collections (default), N > 0 =
                              also force a full GC every N ms (stops the worker), -1 = off
        --es-heap SIZE        Elasticsearch heap (default 512m)
        --mongo-heap SIZE     heap of the embedded MongoDB process (default 8g)
        --skip-official       do not run the official MongoDB connector
        --skip-streaming      source scenario: run the snapshot comparison only
        --source-prop K=V     extra setting of our source connector in every run (repeatable),
                              e.g. producer.override.batch.size=262144
        --sink-prop K=V       extra setting of our sink connector in every run (repeatable),
                              e.g. bulk.max.actions=5000
        --baseline-plugins DIR  source plugin zip(s) of an earlier build, run by
                              snapshot-freshness on a second Connect stack for comparison
                              (run.sh sets it from BASELINE_REF, a git revision)
        --results DIR         where <timestamp>/ and latest/ are written (default benchmarks/results)
        --work DIR            scratch folder (NDJSON files, logs; default benchmarks/target/bench-work)
      """;

  static BenchmarkOptions parse(String[] args) {
    BenchmarkOptions options = new BenchmarkOptions();
    for (int i = 0; i < args.length; i++) {
      String key = args[i];
      if (key.equals("--help") || key.equals("-h")) {
        System.out.println(USAGE);
        System.exit(0);
      }
      if (key.equals("--skip-official")) {
        options.skipOfficial = true;
        continue;
      }
      if (key.equals("--skip-streaming")) {
        options.skipStreaming = true;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(key + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (key) {
        case "--docs" -> options.docs = positive(key, value);
        case "--changes" -> options.changes = positive(key, value);
        case "--repeat" -> options.repeat = positive(key, value);
        case "--only" -> options.only = names(key, value, SCENARIOS);
        case "--sink-variants" -> options.sinkVariants = names(key, value, SINK_VARIANTS);
        case "--snapshot-variants" ->
            options.snapshotVariants = names(key, value, SNAPSHOT_VARIANTS);
        case "--mappings" -> options.mappings = names(key, value, MAPPINGS);
        case "--tasks" -> options.scalingTasks = integers(key, value);
        case "--source-tasks" -> options.sourceTasks = integers(key, value);
        case "--sink-tasks" -> options.sinkTasks = positive(key, value);
        case "--source-warmup" -> options.sourceWarmupRounds = Integer.parseInt(value);
        case "--sink-warmup" -> options.sinkWarmupRounds = Integer.parseInt(value);
        case "--e2e-warmup" -> options.e2eWarmupRounds = Integer.parseInt(value);
        case "--source-stall-seconds" -> options.sourceStallSeconds = positive(key, value);
        case "--partitions" -> options.partitions = positive(key, value);
        case "--batch-docs" -> options.batchDocs = positive(key, value);
        case "--freshness-seconds" -> options.freshnessSeconds = positive(key, value);
        case "--freshness-cold-seconds" -> options.freshnessColdSeconds = positive(key, value);
        case "--freshness-index" -> options.freshnessExistingIndex = existingIndex(value.trim());
        case "--freshness-env-warmup" ->
            options.freshnessEnvironmentWarmupSeconds = Integer.parseInt(value.trim());
        case "--freshness-goal-from" ->
            options.freshnessGoalFromSecond = Integer.parseInt(value.trim());
        case "--freshness-rate" -> options.freshnessRate = positive(key, value);
        case "--collections" -> options.collections = positive(key, value);
        case "--collections-warmup" -> options.collectionsWarmupSeconds = positive(key, value);
        case "--freshness-sample" -> options.freshnessSampleEvery = positive(key, value);
        case "--stream-snapshot-mode" -> options.streamSnapshotMode = value;
        case "--freshness-linger-ms" -> options.freshnessLingerMs = lingers(value);
        case "--gc-interval-ms" -> options.gcIntervalMs = Long.parseLong(value);
        case "--es-heap" -> options.elasticsearchHeap = value;
        case "--mongo-heap" -> options.mongoHeap = value;
        case "--results" -> options.results = Path.of(value);
        case "--work" -> options.work = Path.of(value);
        case "--plugins" -> options.plugins = Path.of(value);
        case "--official" -> options.official = Path.of(value);
        case "--baseline-plugins" -> options.baselinePlugins = Path.of(value);
        case "--source-prop" -> putSetting(options.sourceProps, key, value);
        case "--sink-prop" -> putSetting(options.sinkProps, key, value);
        default -> throw new IllegalArgumentException("Unknown option " + key + "\n" + USAGE);
      }
    }
    if (options.changes < 0) {
      options.changes = Math.max(1, Math.min(100_000, options.docs / 10));
    }
    return options;
  }

  int topicPartitions(int tasks) {
    return Math.max(partitions, tasks);
  }

  private static int positive(String key, String value) {
    int parsed;
    try {
      parsed = Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, got " + value);
    }
    if (parsed < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, got " + value);
    }
    return parsed;
  }

  private static List<Integer> integers(String key, String value) {
    List<Integer> list = new ArrayList<>();
    for (String part : value.split(",")) {
      list.add(positive(key, part.trim()));
    }
    return List.copyOf(list);
  }

  private static List<Integer> lingers(String value) {
    List<Integer> list = new ArrayList<>();
    for (String part : value.split(",")) {
      list.add(Integer.parseInt(part.trim()));
    }
    return List.copyOf(list);
  }

  private static Set<String> names(String option, String value, Set<String> allowed) {
    Set<String> set = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String name = part.trim().toLowerCase();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            option
                + " takes "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + "; got "
                + part);
      }
      set.add(name);
    }
    return set;
  }

  private static void putSetting(Map<String, String> settings, String option, String value) {
    int eq = value.indexOf('=');
    if (eq < 1) {
      throw new IllegalArgumentException(option + " takes key=value, got " + value);
    }
    settings.put(value.substring(0, eq), value.substring(eq + 1));
  }

  private static boolean existingIndex(String value) {
    return switch (value) {
      case "existing" -> true;
      case "new" -> false;
      default ->
          throw new IllegalArgumentException(
              "--freshness-index must be existing or new, not " + value);
    };
  }
}
