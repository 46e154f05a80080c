package io.mongoelastic.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain HTTP view of an Elasticsearch node for test assertions, independent of the client the
 * connectors use, so a bug there cannot hide itself in the checks.
 */
public final class ElasticsearchProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final HttpClient http;

  public ElasticsearchProbe(String baseUrl) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Status code and parsed body of one request. */
  public record Reply(int status, JsonNode body) {}

  public Reply get(String path) {
    return send("GET", path, null);
  }

  public Reply put(String path, String json) {
    return send("PUT", path, json);
  }

  public Reply post(String path, String json) {
    return send("POST", path, json);
  }

  public Reply delete(String path) {
    return send("DELETE", path, null);
  }

  /** Documents in an index after a refresh; -1 when the index does not exist. */
  public long count(String index) {
    Reply refresh = post("/" + index + "/_refresh", null);
    if (refresh.status() == 404) {
      return -1;
    }
    Reply reply = get("/" + index + "/_count");
    return reply.status() == 200 ? reply.body().path("count").asLong() : -1;
  }

  /** The source of one document, or null when absent. */
  public JsonNode source(String index, String id) {
    Reply reply = get("/" + index + "/_doc/" + id);
    return reply.status() == 200 ? reply.body().path("_source") : null;
  }

  /** All hits of an index (after a refresh), up to 10,000. */
  public JsonNode allHits(String index) {
    post("/" + index + "/_refresh", null);
    Reply reply = post("/" + index + "/_search", "{\"size\":10000,\"query\":{\"match_all\":{}}}");
    return reply.body().path("hits").path("hits");
  }

  public Reply send(String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      JsonNode parsed = body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
      return new Reply(response.statusCode(), parsed);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
