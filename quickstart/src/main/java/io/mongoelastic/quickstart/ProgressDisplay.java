package io.mongoelastic.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import io.mongoelastic.harness.ElasticsearchProbe;

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

  void runUntilInterrupted() throws InterruptedException {
    String last = "";
    boolean announcedMirror = false;
    while (!Thread.currentThread().isInterrupted()) {
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
    }
  }

  /** From the worker's sync-status endpoint, falling back to the Connect status endpoint. */
  private String phase() {
    String status = rest.get("mongoelastic/status");
    if (status != null) {
      try {
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
