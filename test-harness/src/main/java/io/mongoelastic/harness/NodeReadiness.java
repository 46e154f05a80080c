package io.mongoelastic.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits until a freshly started node answers cluster health with at least yellow. */
final class NodeReadiness {
  private NodeReadiness() {}

  /**
   * @param basicCredentials base64 {@code user:password} for a secured node, or null
   */
  static void awaitYellow(int port, boolean https, String basicCredentials, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (https) {
        // TLS readiness is checked by the caller's own client, which holds the trust material.
        if (Ports.inUse(port)) {
          return;
        }
      } else {
        try {
          HttpRequest.Builder request =
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + port
                              + "/_cluster/health?wait_for_status=yellow&timeout=5s"))
                  .timeout(Duration.ofSeconds(10));
          if (basicCredentials != null) {
            request.header("Authorization", "Basic " + basicCredentials);
          }
          if (http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()
              == 200) {
            return;
          }
        } catch (IOException e) {
          last = e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "Elasticsearch on port " + port + " not ready in " + timeout + ": " + last);
  }
}
