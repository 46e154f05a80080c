package io.mongoelastic.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Registers connectors the way users do: the example JSON through the Connect REST API. */
final class ConnectorRegistrar {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String restUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ConnectorRegistrar(String restUrl) {
    this.restUrl = restUrl.endsWith("/") ? restUrl : restUrl + "/";
  }

  /**
   * Creates or updates the connector of an example file ({@code {"name", "config"}}) with {@code
   * PUT /connectors/<name>/config}, after plain text substitutions (e.g. a non-default MongoDB
   * URI).
   */
  String register(Path json, Map<String, String> substitutions)
      throws IOException, InterruptedException {
    String text = Files.readString(json);
    for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
      text = text.replace(substitution.getKey(), substitution.getValue());
    }
    JsonNode example = JSON.readTree(text);
    String name = example.path("name").asText();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(restUrl + "connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(example.path("config"))))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "PUT /connectors/"
              + name
              + "/config with "
              + json.getFileName()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return response.statusCode() == 201 ? "created" : "updated";
  }

  /** GET a REST path; null on errors (progress display only). */
  String get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(restUrl + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
