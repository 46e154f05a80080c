package io.mongoelastic.common.cli;

import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import co.elastic.clients.transport.rest5_client.low_level.Rest5ClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

/**
 * The CLI's Elasticsearch connection. The worker's plugins use the declared connection block; the
 * CLI runs without Kafka's classes, so it builds the same low-level client from its options.
 * Credentials come from environment variables, never from the command line (shell history, ps).
 */
final class CliElasticsearchConnection {
  private CliElasticsearchConnection() {}

  static Rest5Client client(CliArguments args) throws IOException {
    List<URI> urls =
        Arrays.stream(args.required("es").split(",")).map(String::trim).map(URI::create).toList();
    Rest5ClientBuilder builder =
        Rest5Client.builder(urls)
            .setConnectionConfigCallback(
                c ->
                    c.setConnectTimeout(Timeout.ofSeconds(10))
                        .setSocketTimeout(Timeout.ofSeconds(30)))
            .setRequestConfigCallback(r -> r.setResponseTimeout(Timeout.ofSeconds(30)));
    String username = args.option("username");
    String passwordEnv = args.option("password-env");
    String apiKeyEnv = args.option("api-key-env");
    if (username != null) {
      String password = env(passwordEnv, "--password-env");
      String pair = username + ":" + password;
      builder.setDefaultHeaders(
          new Header[] {
            new BasicHeader(
                "Authorization",
                "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
          });
    } else if (apiKeyEnv != null) {
      builder.setDefaultHeaders(
          new Header[] {
            new BasicHeader("Authorization", "ApiKey " + env(apiKeyEnv, "--api-key-env"))
          });
    }
    String ca = args.option("ca-file");
    if (ca != null) {
      builder.setSSLContext(trusting(Path.of(ca)));
    }
    return builder.build();
  }

  private static String env(String name, String option) {
    if (name == null) {
      throw new CliArguments.UsageException(option + " VAR is required (the variable holding it)");
    }
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new CliArguments.UsageException("Environment variable " + name + " is not set");
    }
    return value;
  }

  private static SSLContext trusting(Path pem) throws IOException {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("Cannot use " + pem + " as CA certificates: " + e.getMessage());
    }
  }
}
