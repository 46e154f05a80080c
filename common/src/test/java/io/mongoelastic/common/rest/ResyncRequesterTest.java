package io.mongoelastic.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The calls made to a loopback stand-in for the worker's Connect REST API. */
class ResyncRequesterTest {
  private HttpServer server;
  private final List<String> calls = new ArrayList<>();
  private volatile String config;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/connectors/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          calls.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getRawPath()
                  + " "
                  + body
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          boolean known = exchange.getRequestURI().getPath().startsWith("/connectors/src/");
          byte[] reply = (known ? config : "{\"error_code\":404}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(known ? 200 : 404, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ResyncRequester.Outcome request(String connector) throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T10:30:00Z"), ZoneOffset.UTC);
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new ResyncRequester(HttpClient.newHttpClient(), clock)
        .request(base, connector, "Basic dTpw");
  }

  @Test
  void patchesANewTokenIntoASourceConnectorForwardingTheCallersAuthorization() throws Exception {
    config =
        "{\"connector.class\":\"io.mongoelastic.source.MongoSourceConnector\","
            + "\"snapshot.resync.request\":\"old\"}";

    ResyncRequester.Outcome outcome = request("src");

    assertThat(outcome.status()).isEqualTo(202);
    assertThat(outcome.body())
        .containsEntry("snapshot.resync.request", "2026-11-28T10:30:00Z")
        .containsEntry("previous", "old");
    assertThat(calls)
        .containsExactly(
            "GET /connectors/src/config  Basic dTpw",
            "PATCH /connectors/src/config {\"snapshot.resync.request\":\"2026-11-28T10:30:00Z\"}"
                + " Basic dTpw");
  }

  @Test
  void aTokenEqualToTheCurrentOneStillChangesIt() throws Exception {
    config =
        "{\"connector.class\":\"io.mongoelastic.source.MongoSourceConnector\","
            + "\"snapshot.resync.request\":\"2026-11-28T10:30:00Z\"}";
    assertThat(request("src").body())
        .containsEntry("snapshot.resync.request", "2026-11-28T10:30:00Z-1");
  }

  @Test
  void refusesOtherConnectorsAndUnknownNamesWithoutPatching() throws Exception {
    config = "{\"connector.class\":\"io.mongoelastic.sink.ElasticsearchSinkConnector\"}";
    ResyncRequester.Outcome sink = request("src");
    assertThat(sink.status()).isEqualTo(400);
    assertThat(sink.body().get("message").toString()).contains("MongoSourceConnector");
    assertThat(request("missing").status()).isEqualTo(404);
    assertThat(calls).noneMatch(c -> c.startsWith("PATCH"));
  }
}
