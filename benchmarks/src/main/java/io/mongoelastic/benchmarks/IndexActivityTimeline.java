package io.mongoelastic.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoelastic.harness.ElasticsearchProbe;

/**
 * Logs, every few seconds of a freshness run, what the node did with the index (refreshes, merges,
 * indexing time, whether the shard is search-idle, the node's GC and CPU) beside the bulk requests
 * the {@link BulkAckTap} relayed (count, items, mean and longest round trip), so that a slow
 * stretch can be matched with its cause. Reading index and node stats is no search: it neither
 * refreshes the shard nor wakes it from search-idle.
 */
final class IndexActivityTimeline implements AutoCloseable {
  private static final String INDEX_STATS =
      "/_stats/refresh,merge,indexing,flush?level=shards&filter_path="
          + "_all.primaries.refresh.total,_all.primaries.refresh.total_time_in_millis,"
          + "_all.primaries.merges.total,_all.primaries.merges.total_time_in_millis,"
          + "_all.primaries.indexing.index_time_in_millis,_all.primaries.flush.total,"
          + "indices.*.shards.*.search_idle";
  private static final String NODE_STATS =
      "/_nodes/_local/stats/jvm,process?filter_path="
          + "nodes.*.jvm.gc.collectors.*.collection_time_in_millis,nodes.*.process.cpu.percent";

  private final ElasticsearchProbe probe;
  private final String index;
  private final BulkAckTap tap;
  private final long zeroNanos;
  private final Thread thread;
  private long[] last = new long[9];

  /**
   * @param stepSeconds seconds between two log lines
   */
  IndexActivityTimeline(ElasticsearchProbe probe, String index, BulkAckTap tap, int stepSeconds) {
    this.probe = probe;
    this.index = index;
    this.tap = tap;
    this.zeroNanos = System.nanoTime();
    this.thread =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  Thread.sleep(stepSeconds * 1_000L);
                } catch (InterruptedException e) {
                  return;
                }
                sample();
              }
            },
            "index-activity-timeline");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    JsonNode stats = probe.get("/" + index + INDEX_STATS).body();
    JsonNode primaries = stats.path("_all").path("primaries");
    JsonNode node = probe.get(NODE_STATS).body().path("nodes");
    long gcMs = 0;
    int cpu = -1;
    if (node.elements().hasNext()) {
      JsonNode first = node.elements().next();
      for (JsonNode collector : first.path("jvm").path("gc").path("collectors")) {
        gcMs += collector.path("collection_time_in_millis").asLong();
      }
      cpu = first.path("process").path("cpu").path("percent").asInt(-1);
    }
    boolean searchIdle = stats.findValues("search_idle").stream().anyMatch(JsonNode::asBoolean);
    long[] now = {
      primaries.path("refresh").path("total").asLong(),
      primaries.path("refresh").path("total_time_in_millis").asLong(),
      primaries.path("merges").path("total").asLong(),
      primaries.path("merges").path("total_time_in_millis").asLong(),
      primaries.path("indexing").path("index_time_in_millis").asLong(),
      gcMs,
      tap.bulkRequests(),
      tap.bulkItems(),
      tap.bulkRoundTripNanos()
    };
    long requests = now[6] - last[6];
    BenchmarkContext.log(
        "index activity at %.0f s: %d refreshes (%d ms), %d merges (%d ms), indexing %d ms,"
            + " node GC %d ms, node CPU %d%%, search-idle %s; %d bulk requests of %.1f items,"
            + " round trip mean %.1f / max %.1f ms",
        (System.nanoTime() - zeroNanos) / 1e9,
        now[0] - last[0],
        now[1] - last[1],
        now[2] - last[2],
        now[3] - last[3],
        now[4] - last[4],
        now[5] - last[5],
        cpu,
        searchIdle,
        requests,
        requests == 0 ? 0.0 : (now[7] - last[7]) / (double) requests,
        requests == 0 ? 0.0 : (now[8] - last[8]) / 1e6 / requests,
        tap.takeLongestRoundTripNanos() / 1e6);
    last = now;
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
