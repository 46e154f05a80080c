package io.mongoelastic.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoelastic.harness.ElasticsearchProbe;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Prepares benchmark indices (one shard, no replica, refresh off during the load), watches their
 * progress without refreshing, and confirms at the end that every document is searchable.
 */
public final class IndexAdmin {
  private static final String LOAD_SETTINGS =
      "\"settings\":{\"number_of_shards\":1,\"number_of_replicas\":0,\"refresh_interval\":\"-1\"}";
  private static final long FAILURE_CHECK_NANOS = Duration.ofSeconds(2).toNanos();
  private final ElasticsearchProbe probe;

  public IndexAdmin(String url) {
    this.probe = new ElasticsearchProbe(url);
  }

  public ElasticsearchProbe probe() {
    return probe;
  }

  /** Drops the index if present and creates it with the load settings and the mapping. */
  public void create(String index, IndexMapping mapping) {
    delete(index);
    String body =
        mapping.mappings() == null
            ? "{" + LOAD_SETTINGS + "}"
            : "{" + LOAD_SETTINGS + ",\"mappings\":" + mapping.mappings() + "}";
    ElasticsearchProbe.Reply reply = probe.put("/" + index, body);
    if (reply.status() != 200) {
      throw new IllegalStateException("Cannot create index " + index + ": " + reply.body());
    }
  }

  /** Creates the index as the sink creates it: the node's defaults, dynamic mapping. */
  public void createAsSinkDoes(String index) {
    delete(index);
    ElasticsearchProbe.Reply reply = probe.put("/" + index, "{}");
    if (reply.status() != 200) {
      throw new IllegalStateException("Cannot create index " + index + ": " + reply.body());
    }
  }

  /**
   * Waits until the index's shard is search-idle, as the index of a running deployment nobody
   * searches is: a new index refreshes every second until then (30 s without a search).
   */
  public void awaitSearchIdle(String index, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!searchIdle(index)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Index " + index + " not search-idle after " + timeout);
      }
      sleep(1_000);
    }
  }

  private boolean searchIdle(String index) {
    ElasticsearchProbe.Reply reply =
        probe.get("/" + index + "/_stats?level=shards&filter_path=indices.*.shards.*.search_idle");
    return reply.status() == 200
        && reply.body().findValues("search_idle").stream().anyMatch(JsonNode::asBoolean);
  }

  public void delete(String index) {
    probe.delete("/" + index);
  }

  /**
   * Index operations done on the primary so far (counts documents before any refresh), 0 when the
   * index does not exist yet.
   */
  public long indexedOperations(String index) {
    ElasticsearchProbe.Reply reply =
        probe.get("/" + index + "/_stats/indexing?filter_path=_all.primaries.indexing.index_total");
    if (reply.status() != 200) {
      return 0;
    }
    JsonNode total = reply.body().path("_all").path("primaries").path("indexing");
    return total.path("index_total").asLong(0);
  }

  /**
   * Waits until {@code target} index operations are done; returns {@link System#nanoTime()} of that
   * moment, or -1 when {@code stalled} says progress stopped or the timeout passed.
   */
  public long awaitIndexed(
      String index, long target, Duration timeout, BooleanSupplier failed, LongConsumer progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastProgress = System.nanoTime();
    long lastFailureCheck = System.nanoTime();
    long last = -1;
    while (System.nanoTime() < deadline) {
      long done = indexedOperations(index);
      long now = System.nanoTime();
      progress.accept(done);
      if (done >= target) {
        return now;
      }
      if (done != last) {
        last = done;
        lastProgress = now;
      } else if (now - lastProgress > Duration.ofSeconds(120).toNanos()) {
        return -1;
      }
      // the checks cost the measured JVM and node CPU: seldom while far from the end, the status
      // every two seconds; the end is still seen within 20 ms
      if (now - lastFailureCheck > FAILURE_CHECK_NANOS) {
        if (failed.getAsBoolean()) {
          return -1;
        }
        lastFailureCheck = now;
      }
      sleep(done < target * 9 / 10 ? 250 : 20);
    }
    return -1;
  }

  /** Restores the default refresh interval, refreshes and counts the searchable documents. */
  public long finish(String index) {
    probe.put("/" + index + "/_settings", "{\"index\":{\"refresh_interval\":null}}");
    return probe.count(index);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
