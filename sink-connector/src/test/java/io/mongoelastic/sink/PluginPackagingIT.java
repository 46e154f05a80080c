package io.mongoelastic.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.cli.WorkerPublicKeys;
import io.mongoelastic.common.crypto.KeyFiles;
import io.mongoelastic.common.elasticsearch.ElasticsearchConnectionConfig;
import io.mongoelastic.common.provider.ConfigDocumentWriter;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.HarnessPaths;
import io.mongoelastic.harness.PluginInstaller;
import io.mongoelastic.harness.SharedServices;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The three packaged plugins as a user installs them: each ships only what it uses, and one worker
 * with all three on {@code plugin.path} and the provider configured as
 * config-examples/worker.properties says starts, lists both connectors and resolves a value.
 */
class PluginPackagingIT {
  private static final String PROVIDER_SERVICE =
      "META-INF/services/org.apache.kafka.common.config.provider.ConfigProvider";
  private static final String REST_SERVICE =
      "META-INF/services/org.apache.kafka.connect.rest.ConnectRestExtension";

  @Test
  void onlyTheProviderPluginRegistersTheProviderAndNoPluginShipsSlf4j() throws IOException {
    List<Path> zips = PluginInstaller.configuredZips();
    assertThat(zips).hasSize(3);
    for (Path zip : zips) {
      String name = zip.getFileName().toString();
      List<String> jars = jarNames(zip);
      assertThat(jars).as(name).noneMatch(jar -> jar.startsWith("slf4j-api"));
      boolean provider = name.startsWith("mongoelastic-config-provider");
      assertThat(jarsWithEntry(zip, PROVIDER_SERVICE)).as(name).hasSize(provider ? 1 : 0);
      assertThat(jarsWithEntry(zip, REST_SERVICE)).as(name).hasSize(provider ? 1 : 0);
      if (name.startsWith("mongoelastic-mongodb-source")) {
        assertThat(jars)
            .as(name)
            .noneMatch(jar -> jar.matches("common-\\d.*\\.jar"))
            .noneMatch(jar -> jar.startsWith("bcprov") || jar.startsWith("elasticsearch-java"))
            .anyMatch(jar -> jar.startsWith("common-base-"));
      }
      if (name.startsWith("mongoelastic-elasticsearch-sink")) {
        assertThat(jars).as(name).noneMatch(jar -> jar.startsWith("bcprov"));
      }
    }
  }

  @Test
  void oneWorkerWithAllThreePluginsAndTheProviderStartsAndResolvesValues() throws Exception {
    String esUrl = SharedServices.elasticsearch().url();
    Files.createDirectories(HarnessPaths.workDir());
    Path keys = Files.createTempDirectory(HarnessPaths.workDir(), "packaging-keys-");
    KeyFiles.generate(keys, "worker");
    String document = "packaging-" + System.nanoTime();
    try (ConnectStack stack =
        ConnectStack.builder("packaging")
            .mongoElasticWorkerPlugins(esUrl, keys, document)
            .workerProperty("config.providers.es.param.cache.ttl.ms", "0")
            .start()) {
      String plugins =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(stack.restUrl() + "connector-plugins")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(plugins)
          .contains(
              "io.mongoelastic.source.MongoSourceConnector",
              "io.mongoelastic.sink.ElasticsearchSinkConnector");

      // The REST extension serves the worker's key; the provider decrypts with it.
      var publicKey = WorkerPublicKeys.fetch(stack.restUrl() + "mongoelastic/keys").get(0);
      try (ConfigDocumentWriter writer =
          ConfigDocumentWriter.create(
              ElasticsearchConnectionConfig.from(Map.of("elasticsearch.urls", esUrl)),
              "mongoelastic-config",
              publicKey)) {
        writer.writeField(document, "mongodb.uri", SharedServices.mongo().connectionString(), true);
      }
      String database = "packaging_" + System.nanoTime();
      SharedServices.mongo()
          .client()
          .getDatabase(database)
          .getCollection("items")
          .insertOne(new Document("_id", 1));
      Map<String, String> source = new HashMap<>();
      source.put("connector.class", "io.mongoelastic.source.MongoSourceConnector");
      source.put("tasks.max", "1");
      source.put("mongodb.uri", "${es:" + document + ":mongodb.uri}");
      source.put("mongodb.database", database);
      source.put("mongodb.collections", "items");
      source.put("kafka.admin.bootstrap.servers", stack.bootstrapServers());
      stack.cluster().configureConnector("packaging-source", source);
      // The source connects with the URI only the provider could decrypt, and copies the document.
      SinkItSupport.awaitTaskRunning(stack, "packaging-source");
      assertThat(stack.kafka().consume(1, 120_000, "mongodb." + database + ".items").count())
          .isGreaterThanOrEqualTo(1);
    }
  }

  private static List<String> jarNames(Path zip) throws IOException {
    List<String> jars = new ArrayList<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      file.stream()
          .map(ZipEntry::getName)
          .filter(entry -> entry.contains("/lib/") && entry.endsWith(".jar"))
          .map(entry -> entry.substring(entry.lastIndexOf('/') + 1))
          .forEach(jars::add);
    }
    return jars;
  }

  private static List<String> jarsWithEntry(Path zip, String wanted) throws IOException {
    List<String> found = new ArrayList<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      for (ZipEntry entry : file.stream().toList()) {
        if (!entry.getName().endsWith(".jar")) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry);
            ZipInputStream jar = new ZipInputStream(in)) {
          for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
            if (inner.getName().equals(wanted)) {
              found.add(entry.getName());
            }
          }
        }
      }
    }
    return found;
  }
}
