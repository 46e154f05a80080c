package io.mongoelastic.quickstart;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Registers connectors the way users do: POSTing the example JSON to the Connect REST API. */
final class ConnectorRegistrar {
  private final String restUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ConnectorRegistrar(String restUrl) {
    this.restUrl = restUrl.endsWith("/") ? restUrl : restUrl + "/";
  }

  /** POSTs the file's JSON after plain text substitutions (e.g. a non-default MongoDB URI). */
  String register(Path json, Map<String, String> substitutions)
      throws IOException, InterruptedException {
    String body = Files.readString(json);
    for (Map.Entry<String, String> substitution : substitutions.entrySet()) {
      body = body.replace(substitution.getKey(), substitution.getValue());
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(restUrl + "connectors"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 409) {
      return "already registered";
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "POST /connectors with "
              + json.getFileName()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return "registered";
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
