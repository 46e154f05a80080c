package io.mongoelastic.quickstart;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.mongoelastic.embedded.EmbeddedMongo;
import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.ElasticsearchNode;
import io.mongoelastic.harness.ElasticsearchProbe;
import io.mongoelastic.harness.HarnessPaths;
import io.mongoelastic.harness.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one-command demo: Elasticsearch on :9200, MongoDB on :27017 (embedded, or {@code
 * MONGODB_URI}), a Kafka broker and a Connect worker on :8083 with the packaged plugins, both
 * connectors registered through the REST API, and a progress display until Ctrl-C.
 *
 * <p>{@code changes} as the first argument instead writes sample changes to the running demo.
 */
public final class Quickstart {
  static final int CONNECT_PORT = 8083;
  static final int ELASTICSEARCH_PORT = 9200;
  static final int MONGODB_PORT = 27017;
  static final int SAMPLE_DOCUMENTS = 20_000;

  private final List<AutoCloseable> running = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("changes")) {
      writeChanges();
      return;
    }
    new Quickstart().run();
  }

  private void run() throws Exception {
    String externalMongo = System.getenv("MONGODB_URI");
    checkPortsFree(externalMongo == null);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "quickstart-stop"));
    Path root = Path.of(System.getProperty("mongoelastic.root", "."));

    say("Starting Elasticsearch on http://localhost:" + ELASTICSEARCH_PORT + " ...");
    ElasticsearchNode elasticsearch =
        ElasticsearchNode.builder().httpPort(ELASTICSEARCH_PORT).start();
    running.add(elasticsearch);

    String mongoUri;
    if (externalMongo != null) {
      mongoUri = externalMongo;
      say("Using MongoDB from MONGODB_URI");
    } else {
      say("Starting the embedded MongoDB on localhost:" + MONGODB_PORT + " ...");
      EmbeddedMongo mongo = EmbeddedMongo.builder().port(MONGODB_PORT).start();
      running.add(mongo);
      mongoUri = mongo.connectionString();
    }
    MongoClient client = MongoClients.create(mongoUri);
    running.add(client);
    long loaded = SampleData.load(client, SAMPLE_DOCUMENTS);
    say(
        "MongoDB holds "
            + loaded
            + " documents in "
            + SampleData.DATABASE
            + "."
            + SampleData.COLLECTION);

    SecretsTool tool = SecretsTool.locate(root);
    Path keys =
        Files.createDirectories(HarnessPaths.workDir())
            .resolve("keys-" + ProcessHandle.current().pid());
    say("Generating the worker's key pair in " + keys + " (mongoelastic keys generate)");
    tool.generateKeys(keys);

    say(
        "Starting Kafka and a Connect worker with the REST API on http://localhost:"
            + CONNECT_PORT
            + " ...");
    ConnectStack connect =
        ConnectStack.builder("quickstart")
            .workerProperty("listeners", "http://localhost:" + CONNECT_PORT)
            .mongoElasticWorkerPlugins(elasticsearch.url(), keys, "mongo-source")
            .start();
    running.add(connect);
    String workerUrl = "http://localhost:" + CONNECT_PORT + "/";

    say(
        "Storing the MongoDB URI encrypted with the worker's public key (mongoelastic put --encrypt)");
    tool.putEncrypted(elasticsearch.url(), workerUrl, "mongo-source", "mongodb.uri", mongoUri);

    ConnectorRegistrar registrar = new ConnectorRegistrar(workerUrl);
    Path examples = root.resolve("config-examples");
    Map<String, String> substitutions =
        Map.of(
            "mongodb://localhost:27017/?replicaSet=rs0",
            "${es:mongo-source:mongodb.uri}",
            "localhost:9092",
            connect.bootstrapServers());
    say(
        "POST /connectors mongodb-source.json: "
            + registrar.register(examples.resolve("mongodb-source.json"), substitutions));
    say(
        "POST /connectors elasticsearch-sink.json: "
            + registrar.register(examples.resolve("elasticsearch-sink.json"), Map.of()));

    ProgressDisplay progress =
        new ProgressDisplay(
            registrar,
            client,
            new ElasticsearchProbe(elasticsearch.url()),
            "mongodb.shop.products");
    say(
        "Watching the sync. In another terminal, `./quickstart.sh changes` writes changes to MongoDB."
            + " Ctrl-C stops everything.");
    progress.runUntilInterrupted();
  }

  private static void writeChanges() throws InterruptedException {
    String uri =
        System.getenv()
            .getOrDefault(
                "MONGODB_URI", "mongodb://127.0.0.1:" + MONGODB_PORT + "/?replicaSet=rs0");
    try (MongoClient client = MongoClients.create(uri)) {
      for (int round = 1; ; round++) {
        say(SampleData.writeChanges(client, round));
        Thread.sleep(1000);
      }
    }
  }

  private static void checkPortsFree(boolean needMongoPort) {
    List<String> busy = new ArrayList<>();
    if (Ports.inUse(CONNECT_PORT)) {
      busy.add(CONNECT_PORT + " (Kafka Connect REST)");
    }
    if (Ports.inUse(ELASTICSEARCH_PORT)) {
      busy.add(ELASTICSEARCH_PORT + " (Elasticsearch)");
    }
    if (needMongoPort && Ports.inUse(MONGODB_PORT)) {
      busy.add(MONGODB_PORT + " (MongoDB; set MONGODB_URI to use a running MongoDB instead)");
    }
    if (!busy.isEmpty()) {
      System.err.println(
          "The quickstart needs these ports on localhost, but something already listens there: "
              + String.join(", ", busy)
              + ". Stop what uses them (e.g. an earlier quickstart) and try again.");
      System.exit(2);
    }
  }

  private void stopAll() {
    say("Stopping ...");
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        System.err.println("While stopping: " + e.getMessage());
      }
    }
  }

  static void say(String line) {
    System.out.println("[quickstart] " + line);
  }
}
