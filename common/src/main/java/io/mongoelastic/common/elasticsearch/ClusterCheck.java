package io.mongoelastic.common.elasticsearch;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.ResponseException;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;

/**
 * A quick live check of a cluster for config validation: reachable, credentials accepted, and which
 * server version answers. Uses {@code GET /_nodes/_local}, which needs only the {@code monitor}
 * privilege and answers where {@code GET /} does not. Errors never contain secrets.
 */
public final class ClusterCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the check found. */
  public record Result(boolean ok, String version, String error) {
    /** The major version, or 0 when unknown. */
    public int majorVersion() {
      if (version == null) {
        return 0;
      }
      try {
        return Integer.parseInt(version.split("\\.")[0]);
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  private ClusterCheck() {}

  /** Checks the cluster with the given client (whose timeouts bound the check). */
  public static Result check(Rest5Client client) {
    Request request = new Request("GET", "/_nodes/_local");
    request.addParameter("filter_path", "nodes.*.version");
    try {
      Response response;
      try {
        response = client.performRequest(request);
      } catch (ResponseException e) {
        response = e.getResponse();
      }
      int status = response.getStatusCode();
      if (status != 200) {
        return new Result(false, null, statusError(status));
      }
      JsonNode body;
      try (InputStream in = response.getEntity().getContent()) {
        body = JSON.readTree(in);
      }
      Iterator<JsonNode> nodes = body.path("nodes").elements();
      String version = nodes.hasNext() ? nodes.next().path("version").asText(null) : null;
      if (version == null) {
        return new Result(
            false,
            null,
            "GET /_nodes/_local answered without a node version; is elasticsearch.urls an"
                + " Elasticsearch node?");
      }
      return new Result(true, version, null);
    } catch (IOException e) {
      return new Result(
          false,
          null,
          "Cannot reach Elasticsearch at elasticsearch.urls ("
              + e.getClass().getSimpleName()
              + Optional.ofNullable(e.getMessage()).map(m -> ": " + m).orElse("")
              + "); check the URLs, that the cluster runs, the TLS settings and firewalls");
    }
  }

  private static String statusError(int status) {
    return switch (status) {
      case 401 ->
          "Elasticsearch refused the credentials (401): check elasticsearch.username and"
              + " elasticsearch.password, or elasticsearch.api.key";
      case 403 ->
          "The credentials lack the 'monitor' cluster privilege (403) needed to check the"
              + " cluster; grant it or use another user";
      default -> "Elasticsearch answered HTTP " + status + " to a cluster check";
    };
  }

  /** Whether a pipeline exists; empty when it cannot be told. */
  public static Optional<Boolean> pipelineExists(Rest5Client client, String pipeline) {
    Request request = new Request("GET", "/_ingest/pipeline/" + pipeline);
    try {
      int status;
      try {
        status = client.performRequest(request).getStatusCode();
      } catch (ResponseException e) {
        status = e.getResponse().getStatusCode();
      }
      return status == 200
          ? Optional.of(true)
          : status == 404 ? Optional.of(false) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
