package io.mongoelastic.sink.resync;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import io.mongoelastic.common.elasticsearch.ElasticsearchClientFactory;
import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.SharedServices;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/** A real node, clients for "tasks", and plain-HTTP checks shared by the resync ITs. */
final class ResyncFixture implements AutoCloseable {
  private static final AtomicInteger NAMES = new AtomicInteger();

  final ElasticsearchProbe probe;
  private final String url;
  private final List<ElasticsearchClient> clients = new ArrayList<>();

  ResyncFixture() {
    url = SharedServices.elasticsearch().url();
    probe = new ElasticsearchProbe(url);
  }

  /** A fresh logical name for one test. */
  static String logicalName(String test) {
    return "mongodb.it."
        + test.toLowerCase()
        + "-"
        + NAMES.incrementAndGet()
        + "-"
        + Long.toString(System.nanoTime() % 1_000_000, 36);
  }

  ElasticsearchClient client() {
    ElasticsearchClient client =
        ElasticsearchClientFactory.client(
            ElasticsearchConnectionConfig.from(Map.of("elasticsearch.urls", url)));
    clients.add(client);
    return client;
  }

  /** A coordinator as one sink task would hold it, with its own client. */
  ResyncCoordinator task(ResyncSettings settings) {
    return new ResyncCoordinator(client(), settings);
  }

  ResyncCoordinator task(ResyncSettings settings, ResyncCoordinator.StepHook hook) {
    return new ResyncCoordinator(client(), settings, hook);
  }

  /** Writes documents {@code {"n": id}} with an external version, as the sink's bulk path does. */
  void write(ElasticsearchClient client, String index, Collection<String> ids, long version)
      throws IOException {
    List<BulkOperation> operations = new ArrayList<>();
    for (String id : ids) {
      operations.add(
          BulkOperation.of(
              op ->
                  op.index(
                      i ->
                          i.index(index)
                              .id(id)
                              .version(version)
                              .versionType(VersionType.External)
                              .document(Map.of("n", id)))));
    }
    BulkResponse response = client.bulk(b -> b.operations(operations));
    if (response.errors()) {
      response.items().stream()
          .filter(item -> item.error() != null && item.status() != 409)
          .findFirst()
          .ifPresent(
              item -> {
                throw new IllegalStateException(
                    "Bulk write to " + index + " failed: " + item.error().reason());
              });
    }
  }

  static List<String> ids(int from, int toExclusive) {
    List<String> ids = new ArrayList<>();
    for (int i = from; i < toExclusive; i++) {
      ids.add("d" + i);
    }
    return ids;
  }

  /** The indices an alias (or index) name resolves to. */
  Set<String> resolve(String name) {
    ElasticsearchProbe.Reply reply = probe.get("/" + name + "/_alias");
    Set<String> out = new TreeSet<>();
    if (reply.status() == 200) {
      reply.body().fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  boolean isAlias(String name) {
    return probe.send("HEAD", "/_alias/" + name, null).status() == 200;
  }

  boolean exists(String index) {
    return probe.send("HEAD", "/" + index, null).status() == 200;
  }

  /** Deletes every index a test created, by name (wildcard deletes are refused). */
  void dropLogical(String logical) {
    for (String index : resolveAll(logical + "*")) {
      probe.delete("/" + index);
    }
    probe.delete("/" + ResyncStateStore.DEFAULT_INDEX + "/_doc/" + logical);
  }

  private Set<String> resolveAll(String pattern) {
    ElasticsearchProbe.Reply reply = probe.get("/" + pattern);
    Set<String> out = new TreeSet<>();
    if (reply.status() == 200) {
      reply.body().fieldNames().forEachRemaining(out::add);
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    for (ElasticsearchClient client : clients) {
      client.close();
    }
  }
}
