package io.mongoelastic.benchmarks;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * Puts the services around the pipeline into the state users run them in before a freshness run: a
 * long-running Elasticsearch node and MongoDB server. Both are started fresh by the suite, and both
 * here run on JVMs (the node, and the embedded MongoDB, which stands in for a C++ mongod that has
 * no JIT), so their first seconds are compiler warm-up that a real deployment paid long ago and
 * that would otherwise be counted as the connectors' cold start (a freshness run on a node that had
 * just indexed a few million documents was several times faster in its first minute than one on a
 * node just started). For {@code seconds}, as fast as each service answers one client: inserts,
 * updates and deletes in a scratch MongoDB collection, each followed by a change-stream read, and
 * small bulk requests of the sink's shape (external versions, deletes) through the same kind of
 * acknowledgement relay into a scratch index, so per-request and per-document code are both
 * compiled. The connectors' JVM is left as it is: its warm-up is part of what the run measures.
 */
final class EnvironmentWarmup {
  private static final String SCRATCH = "freshness-warmup";
  private static final int ACTIONS_PER_REQUEST = 20;

  private EnvironmentWarmup() {}

  static void run(MongoClient mongo, String elasticsearchUrl, int seconds) {
    if (seconds <= 0) {
      return;
    }
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    MongoCollection<Document> scratch = mongo.getDatabase("warmup").getCollection("docs");
    scratch.drop();
    Thread mongoThread = new Thread(() -> mongo(scratch, deadline), "warmup-mongodb");
    mongoThread.start();
    elasticsearch(elasticsearchUrl, deadline);
    try {
      mongoThread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scratch.drop();
  }

  private static void mongo(MongoCollection<Document> scratch, long deadline) {
    try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> stream =
        scratch.watch().maxAwaitTime(1, TimeUnit.MILLISECONDS).cursor()) {
      for (long n = 0; System.nanoTime() < deadline; n++) {
        String id = DocumentGenerator.id(n / 3);
        switch ((int) (n % 3)) {
          case 0 -> scratch.insertOne(DocumentGenerator.bson(n / 3));
          case 1 -> scratch.updateOne(Filters.eq("_id", id), Updates.set("rev", 1));
          default -> scratch.deleteOne(Filters.eq("_id", id));
        }
        while (stream.tryNext() != null) {
          // read back what was written, as the connector's stream will
        }
      }
    }
  }

  private static void elasticsearch(String url, long deadline) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (BulkAckTap tap = new BulkAckTap(url, (id, op, rev, sent, ack) -> {})) {
      URI bulk = URI.create(tap.url().replaceAll("/+$", "") + "/" + SCRATCH + "/_bulk");
      for (long n = 0; System.nanoTime() < deadline; n += ACTIONS_PER_REQUEST) {
        HttpRequest request =
            HttpRequest.newBuilder(bulk)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(n)))
                .build();
        client.send(request, HttpResponse.BodyHandlers.discarding());
      }
      client.send(
          HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/" + SCRATCH))
              .DELETE()
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new IllegalStateException("Warming up Elasticsearch failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Index actions with external versions, every fifth a delete of an earlier document. */
  private static byte[] body(long first) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long n = first; n < first + ACTIONS_PER_REQUEST; n++) {
      String id = DocumentGenerator.id(n);
      if (n % 5 == 4) {
        String delete =
            "{\"delete\":{\"_id\":\""
                + DocumentGenerator.id(n - 2)
                + "\",\"version\":"
                + (n + 1)
                + ",\"version_type\":\"external_gte\"}}\n";
        out.writeBytes(delete.getBytes(StandardCharsets.UTF_8));
      } else {
        String action =
            "{\"index\":{\"_id\":\""
                + id
                + "\",\"version\":"
                + (n + 1)
                + ",\"version_type\":\"external_gte\"}}\n";
        out.writeBytes(action.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(DocumentGenerator.json(n));
        out.write('\n');
      }
    }
    return out.toByteArray();
  }
}
