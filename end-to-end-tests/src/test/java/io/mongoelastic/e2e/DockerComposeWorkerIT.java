package io.mongoelastic.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchNode;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.HarnessPaths;
import io.mongoelastic.harness.MongoService;
import io.mongoelastic.harness.PluginInstaller;
import io.mongoelastic.harness.Ports;
import io.mongoelastic.harness.SharedServices;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The closest to {@code docker compose up} without a Docker engine: the {@code keys} service's
 * script generates the key pair with the packaged CLI, a real Connect worker starts with exactly
 * the worker file the {@code connect} service mounts and the three packaged plugin zips, and the
 * {@code register} service's script registers the example connectors through that worker's REST
 * API, twice. Only service addresses (mongo, kafka, elasticsearch, connect) and container paths are
 * mapped to this machine's.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerComposeWorkerIT {
  private static final String DATABASE = "shop";
  private static final String INDEX = "mongodb.shop.products";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ComposeFile COMPOSE = ComposeFile.load();
  private static Path work;
  private static ElasticsearchNode elasticsearch;
  private static MongoService mongo;
  private static ConnectStack connect;
  private static Map<String, String> serviceAddresses;

  @BeforeAll
  static void startTheComposeWorker() throws Exception {
    elasticsearch = SharedServices.elasticsearch();
    mongo = SharedServices.mongo();
    work = Files.createTempDirectory(Files.createDirectories(HarnessPaths.workDir()), "compose-");
    int restPort = Ports.freePort();
    serviceAddresses = new LinkedHashMap<>();
    serviceAddresses.put("mongo:27017", hostAndPort(mongo.connectionString()));
    serviceAddresses.put("elasticsearch:9200", hostAndPort(elasticsearch.url()));
    // Placeholder until the broker runs; the cluster sets the worker's bootstrap.servers itself.
    serviceAddresses.put("kafka:9092", "localhost:9092");
    serviceAddresses.put("connect:8083", "localhost:" + restPort);
    serviceAddresses.put("0.0.0.0:8083", "0.0.0.0:" + restPort);

    Path keys = work.resolve("keys");
    assertThat(runScript("keys", Map.of("keys", keys))).contains("Private key:");

    Path plugins =
        PluginInstaller.install(work.resolve("plugins"), PluginInstaller.configuredZips());
    Map<String, String> worker = composeWorkerProperties(Map.of("keys", keys, "plugins", plugins));
    worker.put("rest.advertised.host.name", "localhost");
    worker.put("rest.advertised.port", String.valueOf(restPort));
    ConnectStack.Builder builder = ConnectStack.builder("compose").pluginZips(List.of());
    worker.forEach(builder::workerProperty);
    connect = builder.start();
    serviceAddresses.put("kafka:9092", connect.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    if (connect != null) {
      connect.close();
    }
    if (elasticsearch != null) {
      new ElasticsearchProbe(elasticsearch.url()).delete("/" + INDEX);
    }
    if (mongo != null) {
      mongo.client().getDatabase(DATABASE).drop();
    }
  }

  @Test
  void keysServiceKeepsAnExistingKeyPair() throws Exception {
    Path keys = work.resolve("keys");
    List<Path> before;
    try (var files = Files.list(keys)) {
      before = files.sorted().toList();
    }

    assertThat(runScript("keys", Map.of("keys", keys))).contains("keeping the key pair");

    try (var files = Files.list(keys)) {
      assertThat(files.sorted().toList()).isEqualTo(before);
    }
  }

  @Test
  @Order(1)
  void registerCreatesTheExampleConnectorsAndUpdatesThemOnASecondRun() throws Exception {
    mongo
        .client()
        .getDatabase(DATABASE)
        .getCollection("products")
        .insertOne(new Document("_id", 1));

    String first = runScript("register", Map.of());
    String second = runScript("register", Map.of());

    assertThat(first)
        .contains("\"name\":\"mongodb-source\"")
        .contains("\"name\":\"elasticsearch-sink\"");
    assertThat(second)
        .contains("\"name\":\"mongodb-source\"")
        .contains("\"name\":\"elasticsearch-sink\"");
    for (String connector : List.of("mongodb-source", "elasticsearch-sink")) {
      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(() -> assertThat(runningTasks(connector)).isPositive());
    }
    ElasticsearchProbe probe = new ElasticsearchProbe(elasticsearch.url());
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() -> assertThat(probe.count(INDEX)).isEqualTo(1));
  }

  /**
   * With the example connectors running (the test before), every rule of
   * config-examples/monitoring/jmx-exporter.yaml matches a numeric attribute of an MBean this
   * worker registered, as the exporter would see it: our task MBeans and Kafka Connect's.
   */
  @Test
  @Order(2)
  void everyExporterRuleMatchesAnAttributeOfTheRunningTasks() throws Exception {
    List<String> beanAttributes = exporterView("io.mongoelastic");
    beanAttributes.addAll(exporterView("kafka.connect"));

    for (MonitoringExample.Rule rule : MonitoringExample.exporterRules()) {
      assertThat(beanAttributes.stream().anyMatch(rule::matches))
          .as("%s (%s) matches no attribute of %s", rule.name(), rule.pattern(), beanAttributes)
          .isTrue();
    }
  }

  /** {@code domain<key=value, ...><>attribute: value} of every numeric or boolean attribute. */
  private static List<String> exporterView(String domain) throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    List<String> view = new ArrayList<>();
    for (ObjectName name : server.queryNames(new ObjectName(domain + ":*"), null)) {
      String properties = String.join(", ", name.getKeyPropertyListString().split(","));
      for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
        Object value;
        try {
          value = server.getAttribute(name, attribute.getName());
        } catch (Exception e) {
          continue;
        }
        if (value instanceof Number || value instanceof Boolean) {
          view.add(domain + "<" + properties + "><>" + attribute.getName() + ": " + value);
        }
      }
    }
    return view;
  }

  /** How many tasks run, once the connector itself runs and no task failed; 0 before. */
  private static int runningTasks(String connector) throws Exception {
    HttpResponse<String> reply =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(connect.restUrl() + "connectors/" + connector + "/status"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    JsonNode status = JSON.readTree(reply.body());
    assertThat(status.path("connector").path("state").asText())
        .as(reply.body())
        .isNotEqualTo("FAILED");
    int running = 0;
    for (JsonNode task : status.path("tasks")) {
      assertThat(task.path("state").asText()).as(reply.body()).isNotEqualTo("FAILED");
      running += task.path("state").asText().equals("RUNNING") ? 1 : 0;
    }
    return status.path("connector").path("state").asText().equals("RUNNING") ? running : 0;
  }

  /**
   * The connect service's worker file with service addresses and the given named volumes' mount
   * targets mapped to this machine.
   */
  private static Map<String, String> composeWorkerProperties(Map<String, Path> volumes)
      throws IOException {
    String file = COMPOSE.service("connect").path("command").get(1).asText();
    ComposeFile.Mount mount =
        COMPOSE.mounts("connect").stream()
            .filter(m -> m.target().equals(file))
            .findFirst()
            .orElseThrow();
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(mount.hostPath())) {
      properties.load(reader);
    }
    Map<String, String> paths = containerPaths("connect", volumes);
    Map<String, String> mapped = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      mapped.put(key, mapContainerText(properties.getProperty(key), paths));
    }
    return mapped;
  }

  /**
   * Runs a one-shot service's {@code sh -c} script here, with its mounts and the service addresses
   * mapped; fails unless it exits 0. Returns its output.
   */
  private static String runScript(String service, Map<String, Path> volumes) throws Exception {
    String script =
        mapContainerText(COMPOSE.shellScript(service), containerPaths(service, volumes));
    Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(output).isTrue();
    assertThat(process.exitValue()).as(service + " script output:\n" + output).isZero();
    return output;
  }

  /** Mount target in the container → path here: host folders as they are, volumes as given. */
  private static Map<String, String> containerPaths(String service, Map<String, Path> volumes) {
    Map<String, String> paths = new LinkedHashMap<>();
    for (ComposeFile.Mount mount : COMPOSE.mounts(service)) {
      Path local = mount.isHostPath() ? mount.hostPath() : volumes.get(mount.source());
      if (local != null) {
        paths.put(mount.target(), local.toString());
      }
    }
    return paths;
  }

  private static String mapContainerText(String text, Map<String, String> paths) {
    String mapped = text;
    for (Map.Entry<String, String> address : serviceAddresses.entrySet()) {
      mapped = mapped.replace(address.getKey(), address.getValue());
    }
    for (Map.Entry<String, String> path : paths.entrySet()) {
      mapped = mapped.replace(path.getKey(), path.getValue());
    }
    return mapped;
  }

  private static String hostAndPort(String url) {
    String rest = url.substring(url.indexOf("://") + 3);
    int end = rest.indexOf('/');
    return end < 0 ? rest : rest.substring(0, end);
  }
}
