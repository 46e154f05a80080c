package io.mongoelastic.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * An HTTP relay between the sink and Elasticsearch that reports, for every item of every bulk
 * request, the moment Elasticsearch's acknowledgement came back. The freshness run uses it instead
 * of polling Elasticsearch: polling adds its own period to every figure, and real-time GETs of
 * unrefreshed documents make the node refresh and slow the very writes being measured. The relay
 * costs a loopback hop (well under a millisecond); the response is passed on before it is parsed.
 */
final class BulkAckTap implements AutoCloseable {
  /** What the sink wrote and Elasticsearch acknowledged (2xx, or 404 for a delete). */
  interface Listener {
    /**
     * @param op {@code index}, {@code create}, {@code update} or {@code delete}
     * @param rev the document's {@code rev} field, -1 when absent (deletes)
     * @param sentNanos {@link System#nanoTime()} when the sink's request had arrived in full
     * @param ackNanos {@link System#nanoTime()} when Elasticsearch's response arrived
     */
    void acknowledged(String id, String op, int rev, long sentNanos, long ackNanos);
  }

  private static final Set<String> SKIPPED_HEADERS =
      Set.of("content-length", "transfer-encoding", "connection", "host", "expect", "upgrade");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI target;
  private final Listener listener;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final java.util.concurrent.atomic.AtomicLong bulkRequests =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong bulkItems =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong roundTripNanos =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong longestRoundTripNanos =
      new java.util.concurrent.atomic.AtomicLong();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  BulkAckTap(String elasticsearchUrl, Listener listener) {
    this.target = URI.create(elasticsearchUrl.replaceAll("/+$", ""));
    this.listener = listener;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot open the bulk acknowledgement tap", e);
    }
    server.createContext("/", this::relay);
    server.setExecutor(threads);
    server.start();
  }

  /** Bulk requests relayed so far. */
  long bulkRequests() {
    return bulkRequests.get();
  }

  /** Items of the bulk requests relayed so far. */
  long bulkItems() {
    return bulkItems.get();
  }

  /** Summed round trips to Elasticsearch of the bulk requests relayed so far. */
  long bulkRoundTripNanos() {
    return roundTripNanos.get();
  }

  /** The longest bulk round trip since the last call, and starts a new period. */
  long takeLongestRoundTripNanos() {
    return longestRoundTripNanos.getAndSet(0);
  }

  /** The URL the sink should use as {@code elasticsearch.urls}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void relay(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] requestBody;
      try (InputStream in = exchange.getRequestBody()) {
        requestBody = in.readAllBytes();
      }
      long sentNanos = System.nanoTime();
      String method = exchange.getRequestMethod();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
              .method(
                  method,
                  requestBody.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(requestBody));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        if (!SKIPPED_HEADERS.contains(header.getKey().toLowerCase())) {
          header.getValue().forEach(value -> request.header(header.getKey(), value));
        }
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      long ackNanos = System.nanoTime();
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!SKIPPED_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] body = response.body();
      boolean noBody = method.equals("HEAD") || body.length == 0;
      exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : body.length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
      if (response.statusCode() == 200 && exchange.getRequestURI().getPath().endsWith("/_bulk")) {
        report(
            gunzipIf(exchange.getRequestHeaders().getFirst("Content-Encoding"), requestBody),
            gunzipIf(response.headers().firstValue("Content-Encoding").orElse(null), body),
            sentNanos,
            ackNanos);
      }
    }
  }

  private void report(byte[] requestBody, byte[] responseBody, long sentNanos, long ackNanos)
      throws IOException {
    List<String[]> actions = actions(requestBody);
    roundTripNanos.addAndGet(ackNanos - sentNanos);
    longestRoundTripNanos.accumulateAndGet(ackNanos - sentNanos, Math::max);
    bulkRequests.incrementAndGet();
    bulkItems.addAndGet(actions.size());
    Iterator<JsonNode> items = JSON.readTree(responseBody).path("items").elements();
    for (String[] action : actions) {
      if (!items.hasNext()) {
        return;
      }
      JsonNode item = items.next().path(action[0]);
      int status = item.path("status").asInt();
      if ((status >= 200 && status < 300) || (action[0].equals("delete") && status == 404)) {
        listener.acknowledged(
            action[1], action[0], Integer.parseInt(action[2]), sentNanos, ackNanos);
      }
    }
  }

  private static byte[] gunzipIf(String encoding, byte[] bytes) throws IOException {
    if (encoding == null || !encoding.equalsIgnoreCase("gzip")) {
      return bytes;
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  /** {op, id, rev} of each action of an NDJSON bulk body. */
  private static List<String[]> actions(byte[] body) throws IOException {
    String[] lines = new String(body, StandardCharsets.UTF_8).split("\n");
    List<String[]> actions = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      JsonNode line = JSON.readTree(lines[i]);
      String op = line.fieldNames().next();
      String id = line.path(op).path("_id").asText();
      int rev = -1;
      if (!op.equals("delete") && i + 1 < lines.length) {
        JsonNode doc = JSON.readTree(lines[++i]);
        rev = (op.equals("update") ? doc.path("doc") : doc).path("rev").asInt(-1);
      }
      actions.add(new String[] {op, id, Integer.toString(rev)});
    }
    return actions;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
