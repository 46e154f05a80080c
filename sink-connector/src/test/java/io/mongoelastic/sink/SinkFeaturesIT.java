package io.mongoelastic.sink;

import static io.mongoelastic.sink.SinkItSupport.awaitTaskRunning;
import static io.mongoelastic.sink.SinkItSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.management.ObjectName;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Record forms, ingest pipelines, API keys, validation and metrics against a real worker. */
class SinkFeaturesIT {
  @RegisterExtension
  static final SinkWorkerExtension WORKER = new SinkWorkerExtension("sink-features");

  @Test
  void writesEveryValueAndKeyForm() {
    // Schemaless JSON values with string, number, map and missing keys.
    String maps = "forms.maps";
    WORKER.stack().kafka().createTopic(maps, 1);
    Map<String, String> mapConfig = SinkItSupport.sinkConfig(maps, WORKER.esUrl());
    mapConfig.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    mapConfig.put("key.converter.schemas.enable", "false");
    send(WORKER.producer(), maps, null, "\"s1\"", "{\"form\":\"string key\"}", null);
    send(WORKER.producer(), maps, null, "42", "{\"form\":\"number key\"}", null);
    send(WORKER.producer(), maps, null, "{\"b\":2,\"a\":1}", "{\"form\":\"map key\"}", null);
    send(WORKER.producer(), maps, null, null, "{\"form\":\"no key\"}", null);
    send(
        WORKER.producer(),
        maps,
        null,
        "\"" + "x".repeat(600) + "\"",
        "{\"form\":\"long key\"}",
        null);

    // Structs with schemas, for the key and the value.
    String structs = "forms.structs";
    WORKER.stack().kafka().createTopic(structs, 1);
    Map<String, String> structConfig = SinkItSupport.sinkConfig(structs, WORKER.esUrl());
    structConfig.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    structConfig.put("key.converter.schemas.enable", "true");
    structConfig.put("value.converter.schemas.enable", "true");
    String structSchema =
        "{\"type\":\"struct\",\"fields\":[{\"field\":\"name\",\"type\":\"string\"},"
            + "{\"field\":\"n\",\"type\":\"int32\"}]}";
    String keySchema = "{\"type\":\"struct\",\"fields\":[{\"field\":\"id\",\"type\":\"int64\"}]}";
    send(
        WORKER.producer(),
        structs,
        null,
        "{\"schema\":" + keySchema + ",\"payload\":{\"id\":7}}",
        "{\"schema\":" + structSchema + ",\"payload\":{\"name\":\"struct\",\"n\":3}}",
        null);

    // JSON text as a String value and as bytes: passed through.
    String strings = "forms.strings";
    WORKER.stack().kafka().createTopic(strings, 1);
    Map<String, String> stringConfig = SinkItSupport.sinkConfig(strings, WORKER.esUrl());
    stringConfig.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    send(
        WORKER.producer(),
        strings,
        null,
        "t1",
        "{\"form\":\"json string\",\"nested\":{\"x\":[1,2]}}",
        null);
    String bytes = "forms.bytes";
    WORKER.stack().kafka().createTopic(bytes, 1);
    Map<String, String> bytesConfig = SinkItSupport.sinkConfig(bytes, WORKER.esUrl());
    bytesConfig.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    send(WORKER.producer(), bytes, null, "b1", "{\"form\":\"json bytes\"}", null);
    WORKER.producer().flush();

    WORKER.stack().cluster().configureConnector("forms-maps", mapConfig);
    WORKER.stack().cluster().configureConnector("forms-structs", structConfig);
    WORKER.stack().cluster().configureConnector("forms-strings", stringConfig);
    WORKER.stack().cluster().configureConnector("forms-bytes", bytesConfig);

    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () -> {
              assertThat(WORKER.es().count(maps)).isEqualTo(5);
              assertThat(WORKER.es().count(structs)).isEqualTo(1);
              assertThat(WORKER.es().count(strings)).isEqualTo(1);
              assertThat(WORKER.es().count(bytes)).isEqualTo(1);
            });
    assertThat(WORKER.es().source(maps, "s1").path("form").asText()).isEqualTo("string key");
    assertThat(WORKER.es().source(maps, "42").path("form").asText()).isEqualTo("number key");
    assertThat(WORKER.es().get("/" + maps + "/_doc/%7B%22a%22:1,%22b%22:2%7D").status())
        .isEqualTo(200);
    assertThat(WORKER.es().source(maps, maps + "+0+3").path("form").asText()).isEqualTo("no key");
    assertThat(WORKER.es().source(structs, "%7B%22id%22:7%7D").path("n").asInt()).isEqualTo(3);
    assertThat(WORKER.es().source(strings, "t1").path("nested").path("x").get(1).asInt())
        .isEqualTo(2);
    assertThat(WORKER.es().source(bytes, "b1").path("form").asText()).isEqualTo("json bytes");
    for (String name : List.of("forms-maps", "forms-structs", "forms-strings", "forms-bytes")) {
      WORKER.stack().cluster().deleteConnector(name);
    }
  }

  @Test
  void sendsThePipelineParameterAndFailsClearlyOnAMissingPipeline() {
    assertThat(WORKER.es().put("/_ingest/pipeline/sink-empty", "{\"processors\":[]}").status())
        .isEqualTo(200);
    String topic = "pipeline.ok";
    WORKER.stack().kafka().createTopic(topic, 1);
    Map<String, String> config = SinkItSupport.sinkConfig(topic, WORKER.esUrl());
    config.put("pipeline", "sink-empty");
    WORKER.stack().cluster().configureConnector("pipeline-ok", config);
    send(WORKER.producer(), topic, null, "p1", "{\"a\":1}", null);
    WORKER.producer().flush();
    await().atMost(Duration.ofMinutes(1)).until(() -> WORKER.es().count(topic) == 1);
    WORKER.stack().cluster().deleteConnector("pipeline-ok");

    String missingTopic = "pipeline.missing";
    WORKER.stack().kafka().createTopic(missingTopic, 1);
    Map<String, String> missing = SinkItSupport.sinkConfig(missingTopic, WORKER.esUrl());
    missing.put("pipeline", "no-such-pipeline");
    ConfigInfos validation = SinkItSupport.validate(WORKER.stack(), missing);
    assertThat(errorsOf(validation, "pipeline")).anyMatch(e -> e.contains("no-such-pipeline"));

    // Creating a connector validates too; a pipeline deleted after the start hits the task.
    WORKER.es().put("/_ingest/pipeline/temporary", "{\"processors\":[]}");
    missing.put("pipeline", "temporary");
    WORKER.stack().cluster().configureConnector("pipeline-missing", missing);
    awaitTaskRunning(WORKER.stack(), "pipeline-missing");
    WORKER.es().delete("/_ingest/pipeline/temporary");
    send(WORKER.producer(), missingTopic, null, "m1", "{\"a\":1}", null);
    WORKER.producer().flush();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> SinkItSupport.tasksInState(WORKER.stack(), "pipeline-missing", "FAILED"));
    assertThat(SinkItSupport.taskTrace(WORKER.stack(), "pipeline-missing"))
        .contains("ingest pipeline does not exist", "'pipeline' setting");
    WORKER.stack().cluster().deleteConnector("pipeline-missing");
  }

  @Test
  void writesThroughAnExistingAliasWithIndexSettingsUntouched() {
    assertThat(
            WORKER
                .es()
                .put(
                    "/alias-target-1", "{\"aliases\":{\"orders-alias\":{\"is_write_index\":true}}}")
                .status())
        .isEqualTo(200);
    String topic = "alias.orders";
    WORKER.stack().kafka().createTopic(topic, 1);
    Map<String, String> config = SinkItSupport.sinkConfig(topic, WORKER.esUrl());
    config.put("index.topic.map", topic + ":orders-alias");
    WORKER.stack().cluster().configureConnector("alias", config);
    send(WORKER.producer(), topic, null, "o1", "{\"total\":5}", 1L);
    send(WORKER.producer(), topic, null, "o2", "{\"total\":7}", 1L);
    WORKER.producer().flush();
    await().atMost(Duration.ofMinutes(1)).until(() -> WORKER.es().count("alias-target-1") == 2);
    assertThat(WORKER.es().get("/orders-alias").body().has("alias-target-1")).isTrue();
    assertThat(WORKER.es().get("/_alias/orders-alias").status()).isEqualTo(200);
    WORKER.stack().cluster().deleteConnector("alias");
  }

  @Test
  void sendsTheApiKeyHeader() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext(
        "/",
        exchange -> {
          authorizations.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          byte[] body = exchange.getRequestBody().readAllBytes();
          String path = exchange.getRequestURI().getPath();
          String reply;
          if (path.startsWith("/_bulk")) {
            int items =
                (int)
                    new String(body, StandardCharsets.UTF_8)
                        .lines()
                        .filter(line -> line.startsWith("{\"index\""))
                        .count();
            StringBuilder json = new StringBuilder("{\"took\":1,\"errors\":false,\"items\":[");
            for (int i = 0; i < items; i++) {
              json.append(i == 0 ? "" : ",").append("{\"index\":{\"status\":201}}");
            }
            reply = json.append("]}").toString();
          } else if (path.startsWith("/_nodes")) {
            reply = "{\"nodes\":{\"n1\":{\"version\":\"9.1.0\"}}}";
          } else {
            reply = "{}";
          }
          byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.getResponseHeaders().set("X-elastic-product", "Elasticsearch");
          if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(200, -1);
          } else {
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
          }
          exchange.close();
        });
    stub.start();
    try {
      String topic = "apikey.docs";
      WORKER.stack().kafka().createTopic(topic, 1);
      Map<String, String> config =
          SinkItSupport.sinkConfig(topic, "http://127.0.0.1:" + stub.getAddress().getPort());
      config.put("elasticsearch.api.key", "c2VjcmV0LWlkOnNlY3JldC1rZXk=");
      config.put("resync.enabled", "false"); // the stub answers only bulk requests
      ConfigInfos validation = SinkItSupport.validate(WORKER.stack(), config);
      assertThat(validation.errorCount()).isZero();
      WORKER.stack().cluster().configureConnector("apikey", config);
      send(WORKER.producer(), topic, null, "k", "{\"a\":1}", null);
      WORKER.producer().flush();
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> SinkItSupport.committed(WORKER.stack(), "apikey", topic, 0) == 1L);
      assertThat(authorizations)
          .isNotEmpty()
          .allMatch(header -> header.equals("ApiKey c2VjcmV0LWlkOnNlY3JldC1rZXk="));
      String trace = SinkItSupport.taskTrace(WORKER.stack(), "apikey");
      assertThat(trace).doesNotContain("c2VjcmV0");
      WORKER.stack().cluster().deleteConnector("apikey");
    } finally {
      stub.stop(0);
    }
  }

  @Test
  void validationNamesTheKeyAtFault() {
    Map<String, String> unreachable = SinkItSupport.sinkConfig("any", "http://127.0.0.1:1");
    ConfigInfos result = SinkItSupport.validate(WORKER.stack(), unreachable);
    assertThat(errorsOf(result, "elasticsearch.urls")).anyMatch(e -> e.contains("Cannot reach"));

    Map<String, String> conflicting = SinkItSupport.sinkConfig("any", WORKER.esUrl());
    conflicting.put("write.method", "upsert");
    result = SinkItSupport.validate(WORKER.stack(), conflicting);
    assertThat(errorsOf(result, "write.method")).isNotEmpty();

    Map<String, String> reportWithoutQueue = SinkItSupport.sinkConfig("any", WORKER.esUrl());
    reportWithoutQueue.put("behavior.on.malformed.documents", "report");
    result = SinkItSupport.validate(WORKER.stack(), reportWithoutQueue);
    assertThat(errorsOf(result, "behavior.on.malformed.documents"))
        .anyMatch(e -> e.contains("errors.tolerance=all"));

    Map<String, String> regexIntoOneIndex = SinkItSupport.sinkConfig("any", WORKER.esUrl());
    regexIntoOneIndex.remove("topics");
    regexIntoOneIndex.put("topics.regex", "mongodb\\..*");
    regexIntoOneIndex.put("index.name.pattern", "everything");
    result = SinkItSupport.validate(WORKER.stack(), regexIntoOneIndex);
    assertThat(errorsOf(result, "index.name.pattern")).anyMatch(e -> e.contains("topics.regex"));

    Map<String, String> fine = SinkItSupport.sinkConfig("any", WORKER.esUrl());
    result = SinkItSupport.validate(WORKER.stack(), fine);
    assertThat(result.errorCount()).isZero();
  }

  @Test
  void publishesTaskMetricsThroughJmx() throws Exception {
    String topic = "metrics.docs";
    WORKER.stack().kafka().createTopic(topic, 1);
    WORKER
        .stack()
        .cluster()
        .configureConnector("metrics", SinkItSupport.sinkConfig(topic, WORKER.esUrl()));
    for (int i = 0; i < 20; i++) {
      send(WORKER.producer(), topic, null, "m" + i, "{\"i\":" + i + "}", 5L);
    }
    send(WORKER.producer(), topic, null, "m0", "{\"i\":0}", 1L); // stale
    WORKER.producer().flush();
    ObjectName name =
        new ObjectName("io.mongoelastic:type=sink-task,connector=\"metrics\",task=\"0\"");
    await()
        .atMost(Duration.ofMinutes(1))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              var server = ManagementFactory.getPlatformMBeanServer();
              assertThat((Long) server.getAttribute(name, "DocumentsWrittenTotal")).isEqualTo(20);
              assertThat((Long) server.getAttribute(name, "VersionConflictsTotal")).isEqualTo(1);
              assertThat((Long) server.getAttribute(name, "BytesSentTotal")).isPositive();
              assertThat((Long) server.getAttribute(name, "UncommittedRecords")).isZero();
            });
    WORKER.stack().cluster().deleteConnector("metrics");
  }

  private static List<String> errorsOf(ConfigInfos infos, String key) {
    return infos.configs().stream()
        .map(ConfigInfo::configValue)
        .filter(value -> value.name().equals(key))
        .flatMap(value -> value.errors().stream())
        .toList();
  }
}
