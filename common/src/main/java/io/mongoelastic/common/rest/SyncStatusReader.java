package io.mongoelastic.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.health.ConnectClusterState;
import org.apache.kafka.connect.health.ConnectorHealth;
import org.apache.kafka.connect.health.TaskState;

/**
 * Builds the sync status of every connector from the task MBeans registered in this worker's JVM
 * ({@code io.mongoelastic:type=source-task|sink-task,connector=...,task=...}) and from Connect's
 * own view of connector and task states. Rates are measured between two reads, so the first read
 * after a start shows none. Sinks also list the resync state of their indices ({@code resync}: why
 * a resync runs, which index searches read and which one is being filled).
 */
final class SyncStatusReader {
  private static final String DOMAIN = "io.mongoelastic";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> RESYNC_LIST =
      new TypeReference<>() {};
  private final MBeanServer server;
  private final ConnectClusterState cluster;
  private final Map<String, Sample> lastSamples = new ConcurrentHashMap<>();

  SyncStatusReader(MBeanServer server, ConnectClusterState cluster) {
    this.server = server;
    this.cluster = cluster;
  }

  SyncStatusReader(ConnectClusterState cluster) {
    this(ManagementFactory.getPlatformMBeanServer(), cluster);
  }

  /** Documents processed at a moment, to derive a rate from the next read. */
  private record Sample(long atNanos, long documents) {}

  Map<String, Object> read() {
    Map<String, List<Map<String, Object>>> sourceTasks = tasksOf("source-task");
    Map<String, List<Map<String, Object>>> sinkTasks = tasksOf("sink-task");
    Map<String, Map<String, Object>> connectors = new TreeMap<>();
    if (cluster != null) {
      for (String name : cluster.connectors()) {
        connectors.put(name, connectStatus(name));
      }
    }
    sourceTasks.forEach(
        (name, tasks) ->
            connectors
                .computeIfAbsent(name, n -> new LinkedHashMap<>())
                .putAll(sourceFigures(name, tasks)));
    sinkTasks.forEach(
        (name, tasks) ->
            connectors
                .computeIfAbsent(name, n -> new LinkedHashMap<>())
                .putAll(sinkFigures(name, tasks)));
    List<Map<String, Object>> list = new ArrayList<>();
    connectors.forEach(
        (name, figures) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("name", name);
          entry.putAll(figures);
          list.add(entry);
        });
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("connectors", list);
    return status;
  }

  private Map<String, Object> connectStatus(String name) {
    Map<String, Object> figures = new LinkedHashMap<>();
    try {
      ConnectorHealth health = cluster.connectorHealth(name);
      figures.put("type", health.type().toString().toLowerCase(java.util.Locale.ROOT));
      figures.put("state", health.connectorState().state());
      String error = firstLine(health.connectorState().traceMessage());
      for (TaskState task : health.tasksState().values()) {
        if (error == null) {
          error = firstLine(task.traceMessage());
        }
      }
      if (error != null) {
        figures.put("lastError", error);
      }
    } catch (RuntimeException e) {
      figures.put("state", "UNKNOWN");
    }
    return figures;
  }

  private Map<String, Object> sourceFigures(String name, List<Map<String, Object>> tasks) {
    long done = sum(tasks, "SnapshotDocumentsDone");
    long total = sum(tasks, "SnapshotDocumentsTotal");
    long produced = sum(tasks, "RecordsProduced");
    boolean snapshotting = tasks.stream().anyMatch(t -> "snapshot".equals(t.get("Phase")));
    // A task that owns no collection idles after the snapshot; the connector streams if any does.
    boolean streaming = tasks.stream().anyMatch(t -> "streaming".equals(t.get("Phase")));
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("type", "source");
    figures.put("phase", snapshotting ? "snapshot" : streaming ? "streaming" : phaseOf(tasks));
    figures.put("tasksOnThisWorker", tasks.size());
    if (total > 0) {
      figures.put("snapshotPercent", Math.min(100.0, Math.round(1000.0 * done / total) / 10.0));
    }
    Double rate = rate(name, produced);
    if (rate != null) {
      figures.put("documentsPerSecond", Math.round(rate));
      if (snapshotting && rate > 0 && total > done) {
        figures.put("snapshotEtaSeconds", Math.round((total - done) / rate));
      }
    }
    long lag = tasks.stream().mapToLong(t -> asLong(t.get("StreamLagMs"))).max().orElse(-1);
    figures.put("streamLagMs", lag);
    // The task closest to losing history speaks for the connector; -1 marks "not measured".
    tasks.stream()
        .filter(t -> t.get("OplogHeadroomPercent") instanceof Number p && p.doubleValue() >= 0)
        .min(Comparator.comparingDouble(t -> asDouble(t.get("OplogHeadroomPercent"))))
        .ifPresent(
            t -> {
              figures.put("oplogHeadroomMs", asLong(t.get("OplogHeadroomMs")));
              figures.put("oplogHeadroomPercent", asDouble(t.get("OplogHeadroomPercent")));
            });
    figures.put("recordsProduced", produced);
    List<Map<String, Object>> snapshots = lastSnapshots(tasks);
    if (!snapshots.isEmpty()) {
      figures.put("lastSnapshots", snapshots);
    }
    tasks.stream()
        .map(t -> (String) t.get("LastError"))
        .filter(e -> e != null && !e.isBlank())
        .findFirst()
        .ifPresent(e -> figures.put("lastError", e));
    return figures;
  }

  /**
   * Why the last snapshot of each owned collection was taken ({@code initial}, {@code
   * history_lost}, {@code user_requested}) and its id, one entry per distinct snapshot.
   */
  private static List<Map<String, Object>> lastSnapshots(List<Map<String, Object>> tasks) {
    Map<String, Map<String, Object>> byId = new TreeMap<>();
    for (Map<String, Object> task : tasks) {
      Object reason = task.get("LastSnapshotReason");
      Object id = task.get("LastSnapshotId");
      if (reason instanceof String r && !r.isBlank() && id instanceof String i) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("reason", r);
        entry.put("snapshotId", i);
        byId.put(i, entry);
      }
    }
    return new ArrayList<>(byId.values());
  }

  private Map<String, Object> sinkFigures(String name, List<Map<String, Object>> tasks) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("type", "sink");
    boolean paused = tasks.stream().anyMatch(t -> Boolean.TRUE.equals(t.get("Paused")));
    List<Map<String, Object>> resync = resyncOf(tasks);
    boolean resyncing = resync.stream().anyMatch(r -> !"idle".equals(r.get("phase")));
    figures.put("phase", paused ? "paused" : resyncing ? "resync" : "streaming");
    figures.put("tasksOnThisWorker", tasks.size());
    figures.put(
        "documentsPerSecond",
        Math.round(tasks.stream().mapToDouble(t -> asDouble(t.get("DocumentsWrittenRate"))).sum()));
    figures.put("documentsWritten", sum(tasks, "DocumentsWrittenTotal"));
    figures.put("uncommittedRecords", sum(tasks, "UncommittedRecords"));
    figures.put("bufferedBytes", sum(tasks, "BufferedBytes"));
    figures.put("retries", sum(tasks, "RetriesTotal"));
    figures.put("deadLettered", sum(tasks, "DeadLetterTotal"));
    figures.put("versionConflicts", sum(tasks, "VersionConflictsTotal"));
    if (!resync.isEmpty()) {
      figures.put("resync", resync);
    }
    return figures;
  }

  /**
   * The resync state of each index the sink tasks write, from their {@code ResyncStatus} attribute
   * (a JSON array); tasks writing the same index report the same shared state, so one entry per
   * index is kept.
   */
  private static List<Map<String, Object>> resyncOf(List<Map<String, Object>> tasks) {
    Map<String, Map<String, Object>> byIndex = new TreeMap<>();
    for (Map<String, Object> task : tasks) {
      if (!(task.get("ResyncStatus") instanceof String json) || json.isBlank()) {
        continue;
      }
      try {
        for (Map<String, Object> entry : JSON.readValue(json, RESYNC_LIST)) {
          byIndex.putIfAbsent(String.valueOf(entry.get("logicalIndex")), entry);
        }
      } catch (JsonProcessingException e) {
        // A task that reports nothing readable adds nothing; the rest still tells the story.
      }
    }
    return new ArrayList<>(byIndex.values());
  }

  private Double rate(String connector, long documents) {
    long now = System.nanoTime();
    Sample previous = lastSamples.get(connector);
    if (previous == null || now - previous.atNanos() > 60_000_000_000L) {
      lastSamples.put(connector, new Sample(now, documents));
      return null;
    }
    double seconds = (now - previous.atNanos()) / 1e9;
    if (seconds < 1) {
      return null;
    }
    lastSamples.put(connector, new Sample(now, documents));
    return Math.max(0, documents - previous.documents()) / seconds;
  }

  /** connector name → attributes of each of its tasks' MBeans. */
  private Map<String, List<Map<String, Object>>> tasksOf(String type) {
    Map<String, List<Map<String, Object>>> byConnector = new TreeMap<>();
    try {
      Set<ObjectName> names =
          server.queryNames(new ObjectName(DOMAIN + ":type=" + type + ",*"), null);
      for (ObjectName name : names) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (var info : server.getMBeanInfo(name).getAttributes()) {
          try {
            attributes.put(info.getName(), server.getAttribute(name, info.getName()));
          } catch (JMException | RuntimeException e) {
            // An attribute that cannot be read is left out; the rest still tells the story.
          }
        }
        byConnector
            .computeIfAbsent(unquote(name.getKeyProperty("connector")), c -> new ArrayList<>())
            .add(attributes);
      }
    } catch (JMException e) {
      throw new IllegalStateException("Cannot read the connectors' MBeans", e);
    }
    return byConnector;
  }

  private static String phaseOf(List<Map<String, Object>> tasks) {
    return tasks.isEmpty()
        ? "starting"
        : String.valueOf(tasks.get(0).getOrDefault("Phase", "starting"));
  }

  private static String unquote(String value) {
    if (value == null) {
      return "";
    }
    return value.startsWith("\"") ? ObjectName.unquote(value) : value;
  }

  private static long sum(List<Map<String, Object>> tasks, String attribute) {
    return tasks.stream().mapToLong(t -> asLong(t.get(attribute))).sum();
  }

  private static long asLong(Object value) {
    return value instanceof Number number ? number.longValue() : 0;
  }

  private static double asDouble(Object value) {
    return value instanceof Number number ? number.doubleValue() : 0;
  }

  private static String firstLine(String trace) {
    if (trace == null || trace.isBlank()) {
      return null;
    }
    int end = trace.indexOf('\n');
    return end < 0 ? trace : trace.substring(0, end);
  }
}
