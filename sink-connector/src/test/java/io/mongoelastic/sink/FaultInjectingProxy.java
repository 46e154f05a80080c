package io.mongoelastic.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy on loopback in front of Elasticsearch that answers chosen bulk items with 429
 * without forwarding them, and counts how often each document id reached it. It can also refuse
 * alias updates ({@code POST /_aliases}) with 503, to hold a resync between its last end marker and
 * its swap, and refuse index creations ({@code PUT /<index>}) with 429 (which the client does not
 * retry itself).
 */
final class FaultInjectingProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String target;
  private final Predicate<String> rejectFirstAttempt;
  private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger refusedAliasUpdates = new AtomicInteger();
  private volatile boolean refuseAliasUpdates;
  private final AtomicInteger refusedIndexCreations = new AtomicInteger();
  private volatile boolean refuseIndexCreations;

  FaultInjectingProxy(String target, Predicate<String> rejectFirstAttempt) throws IOException {
    this.target = target;
    this.rejectFirstAttempt = rejectFirstAttempt;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int receivedCount(String id) {
    AtomicInteger count = received.get(id);
    return count == null ? 0 : count.get();
  }

  int rejectedItems() {
    return rejected.get();
  }

  /** While true, every {@code POST /_aliases} is answered 503 without being forwarded. */
  void refuseAliasUpdates(boolean refuse) {
    refuseAliasUpdates = refuse;
  }

  int refusedAliasUpdates() {
    return refusedAliasUpdates.get();
  }

  /** While true, every {@code PUT /<index>} is answered 429 without being forwarded. */
  void refuseIndexCreations(boolean refuse) {
    refuseIndexCreations = refuse;
  }

  int refusedIndexCreations() {
    return refusedIndexCreations.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().toString();
      if (refuseAliasUpdates
          && "POST".equals(exchange.getRequestMethod())
          && path.startsWith("/_aliases")) {
        refusedAliasUpdates.incrementAndGet();
        reply(
            exchange,
            503,
            ("{\"error\":{\"type\":\"unavailable_shards_exception\",\"reason\":\"refused by"
                    + " the test proxy\"},\"status\":503}")
                .getBytes(StandardCharsets.UTF_8));
      } else if (refuseIndexCreations
          && "PUT".equals(exchange.getRequestMethod())
          && path.indexOf('/', 1) < 0) {
        refusedIndexCreations.incrementAndGet();
        reply(
            exchange,
            429,
            ("{\"error\":{\"type\":\"es_rejected_execution_exception\",\"reason\":\"refused"
                    + " by the test proxy\"},\"status\":429}")
                .getBytes(StandardCharsets.UTF_8));
      } else if ("POST".equals(exchange.getRequestMethod()) && path.startsWith("/_bulk")) {
        bulk(exchange, path, body);
      } else {
        HttpResponse<byte[]> response = forward(exchange.getRequestMethod(), path, body, null);
        reply(exchange, response.statusCode(), response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void bulk(HttpExchange exchange, String path, byte[] body)
      throws IOException, InterruptedException {
    String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
    List<ObjectNode> injected = new ArrayList<>(); // null entry = forwarded item
    StringBuilder forwarded = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      String actionLine = lines[i];
      JsonNode action = JSON.readTree(actionLine);
      String type = action.fieldNames().next();
      JsonNode params = action.get(type);
      String id = params.path("_id").asText();
      String source = type.equals("delete") ? null : lines[++i];
      int attempt = received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      if (attempt == 1 && rejectFirstAttempt.test(id)) {
        rejected.incrementAndGet();
        ObjectNode item = JSON.createObjectNode();
        ObjectNode result = item.putObject(type);
        result.put("_index", params.path("_index").asText()).put("_id", id).put("status", 429);
        result
            .putObject("error")
            .put("type", "es_rejected_execution_exception")
            .put("reason", "rejected by the test proxy");
        injected.add(item);
      } else {
        injected.add(null);
        forwarded.append(actionLine).append('\n');
        if (source != null) {
          forwarded.append(source).append('\n');
        }
      }
    }
    ArrayNode forwardedItems = JSON.createArrayNode();
    if (forwarded.length() > 0) {
      HttpResponse<byte[]> response =
          forward(
              "POST",
              path,
              forwarded.toString().getBytes(StandardCharsets.UTF_8),
              "application/x-ndjson");
      if (response.statusCode() != 200) {
        reply(exchange, response.statusCode(), response.body());
        return;
      }
      forwardedItems = (ArrayNode) JSON.readTree(response.body()).get("items");
    }
    ObjectNode merged = JSON.createObjectNode();
    merged.put("took", 1).put("errors", true);
    ArrayNode items = merged.putArray("items");
    int next = 0;
    for (ObjectNode item : injected) {
      items.add(item != null ? item : forwardedItems.get(next++));
    }
    reply(exchange, 200, JSON.writeValueAsBytes(merged));
  }

  private HttpResponse<byte[]> forward(String method, String path, byte[] body, String type)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path));
    request.header("Content-Type", type != null ? type : "application/json");
    request.method(
        method,
        body.length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("X-elastic-product", "Elasticsearch");
    if (body.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
