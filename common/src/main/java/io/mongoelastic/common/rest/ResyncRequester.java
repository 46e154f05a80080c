package io.mongoelastic.common.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks a running MongoDB source connector for a resync by giving its {@code
 * snapshot.resync.request} setting a new value through the worker's own Connect REST API ({@code
 * PATCH /connectors/{name}/config}, Kafka Connect 3.5+). Changing the config restarts the tasks;
 * the connector then snapshots every collection again with reason {@code user_requested}.
 *
 * <p>The key and class names are spelled out here because {@code common} does not depend on the
 * source connector; the source's {@code MongoSourceConfig.SNAPSHOT_RESYNC_REQUEST} is the owner.
 */
final class ResyncRequester {
  static final String SOURCE_CLASS = "io.mongoelastic.source.MongoSourceConnector";
  static final String RESYNC_KEY = "snapshot.resync.request";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What happened; {@code status} is the HTTP status to answer with. */
  record Outcome(int status, Map<String, Object> body) {}

  private final HttpClient http;
  private final Clock clock;

  ResyncRequester(HttpClient http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  ResyncRequester() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), Clock.systemUTC());
  }

  /**
   * @param connectBase the worker's REST root, e.g. {@code http://localhost:8083/}
   * @param authorization the caller's Authorization header, forwarded so a secured worker accepts
   *     the inner calls; null when none
   */
  Outcome request(URI connectBase, String connector, String authorization)
      throws IOException, InterruptedException {
    URI configUri =
        connectBase.resolve(
            "connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8) + "/config");
    HttpResponse<String> current = http.send(build(configUri, authorization).GET().build(), text());
    if (current.statusCode() != 200) {
      return error(current.statusCode(), "Cannot read the config of connector " + connector);
    }
    JsonNode config = JSON.readTree(current.body());
    if (!SOURCE_CLASS.equals(config.path("connector.class").asText())) {
      return error(
          400,
          "Connector "
              + connector
              + " is not a "
              + SOURCE_CLASS
              + "; only the MongoDB source connector can resync");
    }
    String previous = config.path(RESYNC_KEY).asText("");
    String token = clock.instant().toString();
    if (token.equals(previous)) {
      token = token + "-1";
    }
    String patch = JSON.writeValueAsString(Map.of(RESYNC_KEY, token));
    HttpResponse<String> patched =
        http.send(
            build(configUri, authorization)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                .build(),
            text());
    if (patched.statusCode() / 100 != 2) {
      return error(
          patched.statusCode(),
          "Connect refused the new " + RESYNC_KEY + " of " + connector + ": " + patched.body());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("connector", connector);
    body.put(RESYNC_KEY, token);
    body.put("previous", previous);
    body.put("reason", "user_requested");
    return new Outcome(202, body);
  }

  private static HttpRequest.Builder build(URI uri, String authorization) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (authorization != null && !authorization.isBlank()) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private static HttpResponse.BodyHandler<String> text() {
    return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
  }

  private static Outcome error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", status);
    body.put("message", message);
    return new Outcome(status, body);
  }
}
