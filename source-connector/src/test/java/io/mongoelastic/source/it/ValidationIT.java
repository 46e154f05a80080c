package io.mongoelastic.source.it;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.HarnessPaths;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.harness.TestKeyStores;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PUT /connector-plugins/.../config/validate reports each bad input on its key. */
class ValidationIT {
  private static final String CLASS = "io.mongoelastic.source.MongoSourceConnector";
  private static ConnectStack stack;

  @BeforeAll
  static void start() {
    SharedServices.mongo();
    stack = ConnectStack.builder("source-validation").start();
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static Map<String, String> config(String uri) {
    Map<String, String> config = SourceItConfigs.connector(stack, "validation", "c");
    config.put("mongodb.uri", uri);
    config.put("name", "validation");
    return config;
  }

  private static List<String> errors(ConfigInfos infos, String key) {
    return infos.configs().stream()
        .map(ConfigInfo::configValue)
        .filter(v -> v.name().equals(key))
        .findFirst()
        .orElseThrow()
        .errors();
  }

  private static ConfigInfos validate(Map<String, String> config) {
    return stack.cluster().validateConnectorConfig(CLASS, config);
  }

  @Test
  void acceptsAReplicaSet() {
    ConfigInfos infos = validate(config(SharedServices.mongo().connectionString()));
    assertThat(infos.errorCount()).isZero();
  }

  @Test
  void reportsSnapshotPacingWithoutAdminBootstrapServersOnTheGroupKey() {
    Map<String, String> config = config(SharedServices.mongo().connectionString());
    config.put("snapshot.pace.consumer.group", "connect-elasticsearch-sink");
    config.put("kafka.admin.bootstrap.servers", "");
    ConfigInfos infos = validate(config);
    assertThat(errors(infos, "snapshot.pace.consumer.group"))
        .singleElement()
        .asString()
        .contains("kafka.admin.bootstrap.servers");
  }

  @Test
  void reportsAMalformedUriWithoutItsPassword() {
    ConfigInfos infos = validate(config("mongodb://alice:s3cr3tpw@/?replicaSet="));
    assertThat(errors(infos, "mongodb.uri")).isNotEmpty();
    assertThat(infos.toString()).doesNotContain("s3cr3tpw");
  }

  @Test
  void reportsAnUnreachableServerWithoutItsPassword() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ConfigInfos infos =
        validate(config("mongodb://bob:hunter22@127.0.0.1:" + port + "/?replicaSet=rs0"));
    assertThat(errors(infos, "mongodb.uri")).singleElement().asString().contains("Cannot reach");
    assertThat(infos.toString()).doesNotContain("hunter22");
  }

  @Test
  void reportsAServerThatIsNotAReplicaSet() {
    MongoServer standalone = new MongoServer(new MemoryBackend());
    InetSocketAddress address = standalone.bind();
    try {
      ConfigInfos infos =
          validate(config("mongodb://127.0.0.1:" + address.getPort() + "/?directConnection=true"));
      assertThat(errors(infos, "mongodb.uri")).singleElement().asString().contains("replica set");
    } finally {
      standalone.shutdownNow();
    }
  }

  @Test
  void reportsAServerTooOldForTheDriver() {
    MongoServer old = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_4_0));
    InetSocketAddress address = old.bind();
    try {
      ConfigInfos infos =
          validate(config("mongodb://127.0.0.1:" + address.getPort() + "/?directConnection=true"));
      assertThat(errors(infos, "mongodb.uri")).singleElement().asString().contains("4.2");
    } finally {
      old.shutdownNow();
    }
  }

  @Test
  void reportsPostImageModesOnAServerBefore60OnTheirKey() {
    MongoServer five = new MongoServer(new MemoryBackend().version(ServerVersion.MONGO_5_0));
    InetSocketAddress address = five.bind();
    try {
      Map<String, String> config =
          config("mongodb://127.0.0.1:" + address.getPort() + "/?directConnection=true");
      config.put("stream.full.document", "required");
      ConfigInfos infos = validate(config);
      assertThat(errors(infos, "stream.full.document")).singleElement().asString().contains("6.0");
      config.put("stream.full.document", "update_lookup");
      assertThat(errors(validate(config), "stream.full.document")).isEmpty();
    } finally {
      five.shutdownNow();
    }
  }

  @Test
  void reportsBootstrapServersThatAreNotHostPortPairs() {
    Map<String, String> config = config(SharedServices.mongo().connectionString());
    config.put("kafka.admin.bootstrap.servers", "::garbage::");
    assertThat(errors(validate(config), "kafka.admin.bootstrap.servers"))
        .singleElement()
        .asString()
        .contains("host:port");
  }

  @Test
  void reportsAWrongTruststorePasswordOnItsKeyWithoutThePassword() throws Exception {
    Files.createDirectories(HarnessPaths.workDir());
    Path folder = Files.createTempDirectory(HarnessPaths.workDir(), "validation-tls-");
    TestKeyStores stores = TestKeyStores.create(folder, "right-pw-123");
    Map<String, String> config = config(SharedServices.mongo().connectionString());
    config.put("mongodb.ssl.truststore.path", stores.truststore().toString());
    config.put("mongodb.ssl.truststore.password", "wrong-pw-456");
    ConfigInfos infos = validate(config);
    assertThat(errors(infos, "mongodb.ssl.truststore.password"))
        .singleElement()
        .asString()
        .contains("password");
    assertThat(errors(infos, "mongodb.ssl.truststore.path")).isEmpty();
    assertThat(infos.toString()).doesNotContain("wrong-pw-456").doesNotContain("right-pw-123");

    config.put("mongodb.ssl.truststore.path", folder.resolve("absent.p12").toString());
    assertThat(errors(validate(config), "mongodb.ssl.truststore.path"))
        .singleElement()
        .asString()
        .contains("not a readable file");
  }

  @Test
  void reportsUnknownModesBadRegexAndBadPipeline() {
    Map<String, String> config = config(SharedServices.mongo().connectionString());
    config.put("snapshot.mode", "sometimes");
    config.put("stream.full.document", "always");
    config.put("stream.on.history.lost", "ignore");
    config.put("mongodb.collections.regex", "orders[");
    config.put("stream.pipeline", "[{\"$out\": \"elsewhere\"}]");
    ConfigInfos infos = validate(config);
    assertThat(errors(infos, "snapshot.mode")).isNotEmpty();
    assertThat(errors(infos, "stream.full.document")).isNotEmpty();
    assertThat(errors(infos, "stream.on.history.lost")).isNotEmpty();
    assertThat(errors(infos, "mongodb.collections.regex")).isNotEmpty();
    assertThat(errors(infos, "stream.pipeline")).singleElement().asString().contains("$out");
    config.put("stream.pipeline", "not json");
    assertThat(errors(validate(config), "stream.pipeline")).isNotEmpty();
  }

  @Test
  void reportsAViewNamedInCollections() {
    String database = "validationview" + Long.toHexString(System.nanoTime() & 0xffffff);
    SharedServices.mongo()
        .client()
        .getDatabase(database)
        .getCollection("orders")
        .insertOne(new org.bson.Document("_id", 1));
    SharedServices.mongo()
        .client()
        .getDatabase(database)
        .createView("recent_orders", "orders", List.of());
    Map<String, String> config = config(SharedServices.mongo().connectionString());
    config.put("mongodb.database", database);
    config.put("mongodb.collections", "orders,recent_orders");
    ConfigInfos infos = validate(config);
    assertThat(errors(infos, "mongodb.collections"))
        .singleElement()
        .asString()
        .contains("recent_orders (view)")
        .doesNotContain("orders,");
    config.put("mongodb.collections", "orders");
    assertThat(validate(config).errorCount()).isZero();
  }
}
