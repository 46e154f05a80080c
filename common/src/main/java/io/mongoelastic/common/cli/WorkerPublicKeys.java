package io.mongoelastic.common.cli;

import io.mongoelastic.common.crypto.EncryptionKey;
import io.mongoelastic.common.crypto.JwkSet;
import io.mongoelastic.common.crypto.KeyFileException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Fetches a worker's public keys from its {@code /mongoelastic/keys} endpoint (JWK Set). */
public final class WorkerPublicKeys {
  private WorkerPublicKeys() {}

  /** The worker's keys, newest (the one to encrypt with) first. */
  public static List<EncryptionKey> fetch(String url) throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while fetching " + url, e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + url + " answered HTTP " + response.statusCode() + ": " + response.body());
    }
    List<EncryptionKey> keys;
    try {
      keys = JwkSet.parse(response.body());
    } catch (KeyFileException e) {
      throw new IOException(url + " did not return a JWK Set: " + e.getMessage());
    }
    if (keys.isEmpty()) {
      throw new IOException(url + " lists no X25519 key");
    }
    return keys;
  }
}
