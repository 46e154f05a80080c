package io.mongoelastic.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import io.mongoelastic.harness.ElasticsearchProbe;
import java.util.function.BooleanSupplier;

/** Prints the sync's phase, progress and document counts every two seconds. */
final class ProgressDisplay {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ConnectorRegistrar rest;
  private final MongoClient mongo;
  private final ElasticsearchProbe elasticsearch;
  private final String index;

  ProgressDisplay(
      ConnectorRegistrar rest, MongoClient mongo, ElasticsearchProbe elasticsearch, String index) {
    this.rest = rest;
    this.mongo = mongo;
    this.elasticsearch = elasticsearch;
    this.index = index;
  }

  /** Prints progress every two seconds until {@code stop} says so or the thread is interrupted. */
  void runUntil(BooleanSupplier stop) {
    String last = "";
    boolean announcedMirror = false;
    while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
      try {
        long inMongo = SampleData.collection(mongo).countDocuments();
        long inElasticsearch = Math.max(0, elasticsearch.count(index));
        String phase = phase();
        String line =
            String.format(
                "%-40s MongoDB %,d docs | Elasticsearch %,d docs", phase, inMongo, inElasticsearch);
        if (!line.equals(last)) {
          Quickstart.say(line);
          last = line;
        }
        if (!announcedMirror && inMongo == inElasticsearch && phase.startsWith("streaming")) {
          Quickstart.say(
              "Mirror complete: Elasticsearch holds every MongoDB document. Still streaming.");
          announcedMirror = true;
        }
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (stop.getAsBoolean()) {
          // The shutdown hook is closing the clients under this loop.
          return;
        }
        throw e;
      }
    }
  }

  /** From the worker's sync-status endpoint, falling back to the Connect status endpoint. */
  private String phase() {
    String status = rest.get("mongoelastic/status");
    if (status != null) {
      try {
        for (JsonNode connector : JSON.readTree(status).path("connectors")) {
          for (JsonNode index : connector.path("resync")) {
            // The first copy also fills a new index; only a later one is a resync.
            String reason = index.path("reason").asText("");
            if (!index.path("phase").asText("idle").equals("idle") && !reason.equals("initial")) {
              return "resync (" + reason + "): sink fills a new index";
            }
          }
        }
        for (JsonNode connector : JSON.readTree(status).path("connectors")) {
          if (connector.path("type").asText().equals("source")) {
            String phase = connector.path("phase").asText("starting");
            if (phase.equals("snapshot")) {
              return String.format(
                  "snapshot %.0f%% (eta %ss)",
                  connector.path("snapshotPercent").asDouble(),
                  connector.path("snapshotEtaSeconds").asText("?"));
            }
            long lagMs = connector.path("streamLagMs").asLong(-1);
            // Negative: no change has been streamed yet, so there is no lag to show.
            return lagMs < 0 ? phase + " (no change yet)" : phase + " (lag " + lagMs + " ms)";
          }
        }
      } catch (Exception e) {
        return "status unreadable";
      }
    }
    String connect = rest.get("connectors/mongodb-source/status");
    if (connect == null) {
      return "starting";
    }
    try {
      return "source " + JSON.readTree(connect).path("connector").path("state").asText();
    } catch (Exception e) {
      return "starting";
    }
  }
}
