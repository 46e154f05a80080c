package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.mongoelastic.common.elasticsearch.ElasticsearchClientFactory;
import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;

/** Username/password over TLS against a node with security on. */
class SinkSecurityIT {
  private static final String USER = "sink-admin";
  private static final String PASSWORD = "sink-secret-42";

  @Test
  void writesOverTlsWithBasicAuthenticationAndRejectsWrongCredentials() throws Exception {
    Path dir = Files.createTempDirectory("sink-tls");
    Path keystore = dir.resolve("http.p12");
    run(
        "keytool",
        "-genkeypair",
        "-alias",
        "node",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "30",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    Path ca = dir.resolve("ca.pem");
    run(
        "keytool",
        "-exportcert",
        "-rfc",
        "-alias",
        "node",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        ca.toString());
    ElasticsearchNode node =
        ElasticsearchNode.builder()
            .security(USER, PASSWORD)
            .https(true)
            .configFile("http.p12", Files.readAllBytes(keystore))
            .setting("xpack.security.http.ssl.enabled", "true")
            .setting("xpack.security.http.ssl.keystore.path", "http.p12")
            .keystoreEntry("xpack.security.http.ssl.keystore.secure_password", "changeit")
            .start();
    try (ConnectStack stack = ConnectStack.builder("sink-security").start();
        KafkaProducer<byte[], byte[]> producer = SinkItSupport.producer(stack);
        Rest5Client client = client(node, ca)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(() -> count(client, "_all") >= 0);
      String topic = "secure.docs";
      stack.kafka().createTopic(topic, 1);
      Map<String, String> config = SinkItSupport.sinkConfig(topic, node.url());
      config.put("elasticsearch.username", USER);
      config.put("elasticsearch.password", PASSWORD);
      config.put("elasticsearch.ssl.ca.path", ca.toString());

      Map<String, String> wrong = new HashMap<>(config);
      wrong.put("elasticsearch.password", "not-the-password");
      ConfigInfos result = SinkItSupport.validate(stack, wrong);
      List<String> errors =
          result.configs().stream()
              .filter(c -> c.configValue().name().equals("elasticsearch.username"))
              .flatMap(c -> c.configValue().errors().stream())
              .toList();
      assertThat(errors)
          .anyMatch(e -> e.contains("401"))
          .noneMatch(e -> e.contains("not-the-password"));

      stack.cluster().configureConnector("secure", config);
      awaitTaskRunning(stack, "secure");
      for (int i = 0; i < 50; i++) {
        send(producer, topic, null, "s" + i, "{\"i\":" + i + "}", 1L);
      }
      producer.flush();
      await()
          .atMost(Duration.ofMinutes(1))
          .ignoreExceptions()
          .until(() -> count(client, topic) == 50);
    } finally {
      node.stop();
    }
  }

  private static Rest5Client client(ElasticsearchNode node, Path ca) {
    return ElasticsearchClientFactory.lowLevelClient(
        ElasticsearchConnectionConfig.from(
            Map.of(
                "elasticsearch.urls",
                node.url(),
                "elasticsearch.username",
                USER,
                "elasticsearch.password",
                PASSWORD,
                "elasticsearch.ssl.ca.path",
                ca.toString())));
  }

  private static long count(Rest5Client client, String index) throws Exception {
    client.performRequest(new Request("POST", "/" + index + "/_refresh"));
    try (InputStream in =
        client
            .performRequest(new Request("GET", "/" + index + "/_count"))
            .getEntity()
            .getContent()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Long.parseLong(body.replaceAll(".*\"count\":(\\d+).*", "$1"));
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(command[0] + " failed: " + output);
    }
  }
}
