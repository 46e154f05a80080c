package io.mongoelastic.common.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongoelastic.common.cli.WorkerPublicKeys;
import io.mongoelastic.common.crypto.EncryptionKey;
import io.mongoelastic.common.crypto.KeyFiles;
import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.HarnessPaths;
import io.mongoelastic.harness.Ports;
import io.mongoelastic.harness.SharedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real worker loads the packaged provider and REST extension from plugin.path and resolves a
 * connector's settings from a real Elasticsearch index.
 */
class ElasticsearchConfigProviderIT {
  static final String INDEX = "it-provider-config";
  static final String PROVIDER = ElasticsearchConfigProvider.class.getName();
  static final String EXTENSION = "io.mongoelastic.common.rest.MongoElasticRestExtension";
  static final String CONNECTOR = "org.apache.kafka.connect.integration.TestableSourceConnector";
  static final long TTL_MS = 4_000;
  static final ObjectMapper JSON = new ObjectMapper();

  static ConnectStack stack;
  static Path keys;
  static ElasticsearchConnectionConfig es;

  @BeforeAll
  static void startWorker() throws Exception {
    String esUrl = SharedServices.elasticsearch().url();
    es = ElasticsearchConnectionConfig.from(Map.of("elasticsearch.urls", esUrl));
    Files.createDirectories(HarnessPaths.workDir());
    keys = Files.createTempDirectory(HarnessPaths.workDir(), "provider-keys-");
    // An old key and a current one: both decrypt, the current one (greatest name) is served first.
    KeyFiles.generate(keys, "mongoelastic-20250101-000000");
    KeyFiles.generate(keys, "mongoelastic-20260101-000000");
    String p = "config.providers.es.param.";
    String down = "config.providers.down.param.";
    stack =
        ConnectStack.builder("provider-it")
            .workerProperty("config.providers", "es,down")
            .workerProperty("config.providers.es.class", PROVIDER)
            .workerProperty(p + "elasticsearch.urls", esUrl)
            .workerProperty(p + "config.index", INDEX)
            .workerProperty(p + "private.keys.path", keys.toString())
            .workerProperty(
                p + "allowed.documents", "mongo-source,reloaded,missing-doc,no-key,cli-doc")
            .workerProperty(p + "cache.ttl.ms", Long.toString(TTL_MS))
            .workerProperty("config.providers.down.class", PROVIDER)
            .workerProperty(down + "elasticsearch.urls", "http://127.0.0.1:" + Ports.freePort())
            .workerProperty(down + "allowed.documents", "*")
            .workerProperty("rest.extension.classes", EXTENSION)
            .workerProperty("mongoelastic.keys.path", keys.toString())
            .start();
  }

  @AfterAll
  static void stopWorker() {
    if (stack != null) {
      stack.close();
    }
  }

  static EncryptionKey workerKey() throws Exception {
    List<EncryptionKey> served = WorkerPublicKeys.fetch(stack.restUrl() + "mongoelastic/keys");
    return served.get(0);
  }

  static ConfigDocumentWriter writer() throws Exception {
    return ConfigDocumentWriter.create(es, INDEX, workerKey());
  }

  static Map<String, String> connector(String topic, String tasksMax) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", CONNECTOR);
    config.put("tasks.max", tasksMax);
    config.put("topic", topic);
    config.put("throughput", "20");
    config.put("messages.per.poll", "5");
    return config;
  }

  static ConnectorStateInfo status(String name) {
    return stack.cluster().connectorStatus(name);
  }

  static String get(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(stack.restUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  @Test
  void resolvesPlainAndEncryptedSettingsWrittenWithTheWorkersPublicKey() throws Exception {
    String topic = "resolved-from-es";
    stack.kafka().createTopic(topic, 1);
    try (ConfigDocumentWriter writer = writer()) {
      writer.writeField("mongo-source", "tasks.max", "1", false);
      // The topic name is encrypted too: records in that topic prove decryption on the worker.
      writer.writeField("mongo-source", "topic.name", topic, true);
      writer.writeField("mongo-source", "mongodb.uri", "mongodb://app:pw@db:27017/", true);
    }
    Map<String, String> config =
        connector("${es:mongo-source:topic.name}", "${es:mongo-source:tasks.max}");
    config.put("mongodb.uri", "${es:mongo-source:mongodb.uri}");
    stack.cluster().configureConnector("resolved", config);

    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(status("resolved").connector().state()).isEqualTo("RUNNING");
              assertThat(status("resolved").tasks()).hasSize(1);
            });
    assertThat(stack.kafka().consume(5, 60_000, topic).count()).isGreaterThanOrEqualTo(5);
    // Connect shows the placeholder, never the resolved value.
    assertThat(get("connectors/resolved/config"))
        .contains("${es:mongo-source:mongodb.uri}")
        .doesNotContain("app:pw");
    stack.cluster().deleteConnector("resolved");
  }

  @Test
  void cliJarWritesAnEncryptedSettingWithTheKeyFetchedFromTheWorker() throws Exception {
    String topic = "cli-written-topic";
    stack.kafka().createTopic(topic, 1);
    String esUrl = es.urls().get(0).toString();
    String put =
        runCli(
            topic + "\n",
            "put",
            "--es",
            esUrl,
            "--index",
            INDEX,
            "--doc",
            "cli-doc",
            "--field",
            "topic.name",
            "--stdin",
            "--encrypt",
            "--public-key-url",
            stack.restUrl() + "mongoelastic/keys");
    assertThat(put).contains("encrypted for key id " + workerKey().keyId()).doesNotContain(topic);
    runCli(
        "",
        "put",
        "--es",
        esUrl,
        "--index",
        INDEX,
        "--doc",
        "cli-doc",
        "--field",
        "tasks.max",
        "--value",
        "1");
    String get = runCli("", "get", "--es", esUrl, "--index", INDEX, "--doc", "cli-doc");
    assertThat(get)
        .contains("topic.name = (encrypted, key id " + workerKey().keyId() + ")")
        .contains("tasks.max = 1")
        .doesNotContain(topic);

    stack
        .cluster()
        .configureConnector(
            "cli-written", connector("${es:cli-doc:topic.name}", "${es:cli-doc:tasks.max}"));
    assertThat(stack.kafka().consume(5, 60_000, topic).count()).isGreaterThanOrEqualTo(5);
    stack.cluster().deleteConnector("cli-written");
  }

  /** Runs the packaged CLI jar in its own JVM (no Kafka classes on its class path). */
  static String runCli(String stdin, String... args) throws Exception {
    Path jar;
    try (var files = Files.list(Path.of("target"))) {
      jar =
          files
              .filter(f -> f.getFileName().toString().endsWith("-cli.jar"))
              .findFirst()
              .orElseThrow();
    }
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = process.getOutputStream()) {
      in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String output =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

  @Test
  void keysEndpointsServeEveryPublicKeyAndNoPrivateMaterial() throws Exception {
    String jwks = get("mongoelastic/keys");
    String pem = get("mongoelastic/keys.pem");
    assertThat(jwks).startsWith("200 ");
    assertThat(pem).startsWith("200 ").contains("-----BEGIN PUBLIC KEY-----");
    List<EncryptionKey> onDisk = KeyFiles.loadPublicKeys(keys.toString());
    assertThat(onDisk).hasSize(2);
    for (EncryptionKey key : onDisk) {
      assertThat(jwks).contains("\"kid\":\"" + key.keyId() + "\"");
    }
    // Newest key first: writers encrypt for it.
    assertThat(json(jwks).path("keys").get(0).path("kid").asText())
        .isEqualTo(onDisk.get(0).keyId());
    for (JsonNode jwk : json(jwks).path("keys")) {
      assertThat(jwk.has("d")).isFalse();
    }
    try (var files = Files.list(keys)) {
      for (Path file : files.filter(f -> f.toString().endsWith(KeyFiles.PRIVATE_SUFFIX)).toList()) {
        String body =
            Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        // The PKCS#8 body and the raw private scalar (the 32 bytes after the 16-byte header).
        byte[] der = java.util.Base64.getDecoder().decode(body);
        byte[] scalar = java.util.Arrays.copyOfRange(der, 16, 48);
        for (String served : List.of(jwks, pem)) {
          assertThat(served)
              .doesNotContain("PRIVATE")
              .doesNotContain(body.substring(20, 60))
              .doesNotContain(
                  java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(scalar))
              .doesNotContain(java.util.Base64.getEncoder().encodeToString(scalar));
        }
      }
    }
  }

  @Test
  void changedValueRestartsTheConnectorAfterTheTtl() throws Exception {
    stack.kafka().createTopic("reloaded-topic", 1);
    try (ConfigDocumentWriter writer = writer()) {
      writer.writeField("reloaded", "tasks.max", "1", false);
    }
    stack
        .cluster()
        .configureConnector("reloaded", connector("reloaded-topic", "${es:reloaded:tasks.max}"));
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(status("reloaded").tasks()).hasSize(1));

    try (ConfigDocumentWriter writer = writer()) {
      writer.writeField("reloaded", "tasks.max", "2", false);
    }
    // No REST call touches the connector: only the TTL-driven restart can pick up the new value.
    await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(status("reloaded").connector().state()).isEqualTo("RUNNING");
              assertThat(status("reloaded").tasks()).hasSize(2);
            });

    // A value that disappears later stops the connector at its next restart: Connect logs the
    // provider's ConfigException and leaves the connector UNASSIGNED (its tasks keep their
    // already-resolved config until they restart).
    try (ConfigDocumentWriter writer = writer()) {
      writer.removeField("reloaded", "tasks.max");
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .ignoreExceptions()
        .untilAsserted(
            () -> assertThat(status("reloaded").connector().state()).isIn("UNASSIGNED", "FAILED"));
    assertThat(stack.cluster().healthyWorkers()).isNotEmpty();
    stack.cluster().deleteConnector("reloaded");
  }

  @Test
  void missingDocumentOrFieldRefusesTheConnectorNamingTheField() throws Exception {
    try (ConfigDocumentWriter writer = writer()) {
      writer.writeField("mongo-source", "present", "x", false);
    }
    assertFailsWith(
        "missing-doc", "${es:missing-doc:mongodb.uri}", "'missing-doc'", "does not exist");
    assertFailsWith(
        "missing-field", "${es:mongo-source:nope.field}", "'nope.field'", "no such field");
    assertFailsWith("forbidden", "${es:secret-doc:x}", "'secret-doc'", "allowed.documents");
  }

  @Test
  void unreachableClusterRefusesTheConnectorAndLeavesTheWorkerHealthy() throws Exception {
    assertFailsWith(
        "unreachable", "${down:mongo-source:topic.name}", "'mongo-source'", "unreachable");
    assertThat(get("connectors")).startsWith("200 ");
    assertThat(stack.cluster().healthyWorkers()).isNotEmpty();
  }

  @Test
  void valueSealedForAnUnknownKeyIsRefusedNamingTheKeyId() throws Exception {
    Path otherKeys = Files.createTempDirectory(HarnessPaths.workDir(), "other-keys-");
    EncryptionKey foreign = KeyFiles.generate(otherKeys, "foreign").key().publicKey();
    try (ConfigDocumentWriter writer = ConfigDocumentWriter.create(es, INDEX, foreign)) {
      writer.writeField("no-key", "mongodb.uri", "mongodb://x", true);
    }
    assertFailsWith("no-key", "${es:no-key:mongodb.uri}", foreign.keyId(), "not among the loaded");
  }

  /**
   * Connect resolves placeholders while validating a new config, so an unresolvable one is refused
   * at creation (HTTP 500 with the provider's message) or, when it resolves then but not at start,
   * leaves the connector FAILED; either way the message contains every fragment.
   */
  static void assertFailsWith(String name, String placeholder, String... fragments)
      throws Exception {
    stack.kafka().createTopic("unused-" + name, 1);
    Map<String, String> config = connector("unused-" + name, "1");
    config.put("some.setting", placeholder);
    String refusal = null;
    try {
      stack.cluster().configureConnector(name, config);
    } catch (RuntimeException e) {
      refusal = String.valueOf(e.getMessage());
    }
    String message;
    if (refusal != null) {
      message = refusal;
    } else {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(status(name).connector().state()).isEqualTo("FAILED"));
      message = status(name).connector().trace();
      stack.cluster().deleteConnector(name);
    }
    System.out.println("Failure of " + name + ": " + message);
    assertThat(message).contains(fragments);
  }

  static JsonNode json(String body) throws Exception {
    return JSON.readTree(body.substring(body.indexOf(' ') + 1));
  }
}
