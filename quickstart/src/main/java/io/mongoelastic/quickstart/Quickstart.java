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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * The one-command demo: Elasticsearch on :9200, MongoDB on :27017 (embedded, or {@code
 * MONGODB_URI}), a Kafka broker and a Connect worker on :8083 with the packaged plugins, both
 * connectors registered through the REST API, and a progress display until Ctrl-C.
 *
 * <p>Everything of one run lives in a {@link RunFolder}; a watchdog stops Elasticsearch if this JVM
 * is killed, and the next start cleans up what a killed run left. Only the quickstart's own lines
 * reach the console; the rest goes to the run's log file.
 *
 * <p>{@code changes} as the first argument instead writes sample changes to the running demo.
 */
public final class Quickstart {
  static final int CONNECT_PORT = 8083;
  static final int ELASTICSEARCH_PORT = 9200;
  static final int MONGODB_PORT = 27017;
  static final int SAMPLE_DOCUMENTS = 20_000;

  /**
   * The sink example's dead-letter topic, created before the sink so it never reports it missing.
   */
  static final String DEAD_LETTER_TOPIC = "mongodb-sink-dlq";

  private final List<AutoCloseable> running = new ArrayList<>();
  private final Thread main = Thread.currentThread();
  private volatile boolean stopping;
  private final AtomicBoolean stopped = new AtomicBoolean();

  /** Counted down when the progress loop has left, so the clients can close under nobody. */
  private final CountDownLatch loopLeft = new CountDownLatch(1);

  /**
   * Counted down when everything stopped: the main thread waits for it, because exec:java closes
   * the class loader once main returns, and the stop still needs classes.
   */
  private final CountDownLatch allStopped = new CountDownLatch(1);

  private RunFolder runFolder;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("changes")) {
      System.exit(writeChanges());
    }
    Quickstart quickstart = new Quickstart();
    try {
      quickstart.run();
    } catch (Exception e) {
      quickstart.loopLeft.countDown();
      if (!quickstart.stopping) {
        // Kafka's threads would keep the JVM alive; exiting runs the hooks that stop everything.
        say("Failed: " + e.getMessage() + " (details in the log file named above)");
        e.printStackTrace();
        System.exit(1);
      }
      // Stopped while starting: wait for the stop, which still needs this class loader.
      quickstart.allStopped.await();
    }
  }

  private void run() throws Exception {
    String externalMongo = System.getenv("MONGODB_URI");
    if (externalMongo != null) {
      String problem = MongoUriProbe.problem(externalMongo);
      if (problem != null) {
        say(problem);
        System.exit(2);
      }
      say(
          "Using MongoDB from MONGODB_URI. The quickstart loads sample data into its '"
              + SampleData.DATABASE
              + "' database (if "
              + SampleData.DATABASE
              + "."
              + SampleData.COLLECTION
              + " is empty) and `changes` writes and deletes there.");
    }
    checkPortsFree(externalMongo == null);
    Path work = HarnessPaths.workDir();
    int stale = RunFolder.cleanStale(work);
    if (stale > 0) {
      say("Cleaned up " + stale + " earlier run(s) that did not stop (their Elasticsearch too)");
    }
    runFolder = RunFolder.create(work);
    Path log = runFolder.path().resolve("quickstart.log");
    say("Logs of Kafka, Connect and the clients: " + log);
    if (!Files.exists(log)) {
      Files.createFile(log);
    }
    ConsoleLog.redirectTo(log);
    Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "quickstart-stop"));
    // Ctrl-C and kill stop everything in order before the JVM's shutdown hooks run: Kafka's test
    // kit deletes its folders in a hook of its own, which, running beside our stop, made the broker
    // fail loudly on its vanished files.
    for (String name : List.of("INT", "TERM")) {
      Signal.handle(
          new Signal(name),
          signal -> {
            try {
              stopAll();
            } finally {
              System.exit(0);
            }
          });
    }
    Path root = Path.of(System.getProperty("mongoelastic.root", "."));

    say("Starting Elasticsearch on http://localhost:" + ELASTICSEARCH_PORT + " ...");
    ElasticsearchNode elasticsearch =
        ElasticsearchNode.builder().workDir(runFolder.path()).httpPort(ELASTICSEARCH_PORT).start();
    running.add(elasticsearch);
    runFolder.recordNodeFolder(elasticsearch.nodeDir());
    elasticsearch
        .process()
        .ifPresent(
            node ->
                ElasticsearchWatchdog.start(node.pid(), runFolder.path(), elasticsearch.nodeDir()));

    String mongoUri;
    if (externalMongo != null) {
      mongoUri = externalMongo;
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
    Path keys = runFolder.path().resolve("keys");
    say("Generating the worker's key pair in " + keys + " (mongoelastic keys generate)");
    tool.generateKeys(keys);

    say(
        "Starting Kafka and a Connect worker with the REST API on http://localhost:"
            + CONNECT_PORT
            + " ...");
    ConnectStack connect =
        ConnectStack.builder("quickstart")
            .workDir(runFolder.path())
            .restPort(CONNECT_PORT)
            .mongoElasticWorkerPlugins(elasticsearch.url(), keys, "mongo-source")
            .start();
    running.add(connect);
    String workerUrl = "http://localhost:" + CONNECT_PORT + "/";
    say("Kafka bootstrap servers: " + connect.bootstrapServers());
    connect.kafka().createTopic(DEAD_LETTER_TOPIC, 1);
    say("Dead-letter topic: " + DEAD_LETTER_TOPIC);

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
        "mongodb-source (PUT /connectors/mongodb-source/config): "
            + registrar.register(examples.resolve("mongodb-source.json"), substitutions));
    say(
        "elasticsearch-sink (PUT /connectors/elasticsearch-sink/config): "
            + registrar.register(examples.resolve("elasticsearch-sink.json"), Map.of()));

    ProgressDisplay progress =
        new ProgressDisplay(
            registrar,
            client,
            new ElasticsearchProbe(elasticsearch.url()),
            "mongodb.shop.products");
    say(
        "Watching the sync. In another terminal, `./quickstart.sh changes` writes changes to MongoDB;"
            + " `curl localhost:9200/mongodb.shop.products/_count` shows the index. Ctrl-C stops"
            + " everything.");
    progress.runUntil(() -> stopping);
    loopLeft.countDown();
    allStopped.await();
  }

  /** The {@code changes} command: returns the exit code. */
  private static int writeChanges() {
    String uri =
        System.getenv()
            .getOrDefault(
                "MONGODB_URI", "mongodb://127.0.0.1:" + MONGODB_PORT + "/?replicaSet=rs0");
    String problem = MongoUriProbe.problem(uri);
    if (problem != null) {
      say(
          System.getenv("MONGODB_URI") == null
              ? "No quickstart MongoDB answers on localhost:"
                  + MONGODB_PORT
                  + ". Start `./quickstart.sh` in another terminal first."
              : problem);
      return 1;
    }
    try (MongoClient client = MongoClients.create(uri)) {
      say(
          "Every second: 2 inserts, 1 update, 1 replace, 1 delete in "
              + SampleData.DATABASE
              + "."
              + SampleData.COLLECTION
              + " (the count grows by 1). Watch them arrive:");
      say("  curl 'localhost:9200/mongodb.shop.products/_count'");
      say(
          "  curl 'localhost:9200/mongodb.shop.products/_search?q=sku:<sku>&pretty'  (a sku below)");
      for (int round = SampleData.nextRound(client); ; round++) {
        say(SampleData.writeChanges(client, round));
        Thread.sleep(1000);
      }
    } catch (InterruptedException e) {
      return 0;
    } catch (RuntimeException e) {
      say("Writing changes failed: " + e.getMessage());
      return 1;
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
      say(
          "The quickstart needs these ports on localhost, but something already listens there: "
              + String.join(", ", busy)
              + ". Stop what uses them (e.g. an earlier quickstart) and try again.");
      System.exit(2);
    }
  }

  /** The shutdown hook: ends the progress loop first, so nothing uses a closed client. */
  private void stopAll() {
    if (!stopped.compareAndSet(false, true)) {
      try {
        allStopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    stopping = true;
    main.interrupt();
    try {
      loopLeft.await(5, TimeUnit.SECONDS);
      say("Stopping ...");
      for (int i = running.size() - 1; i >= 0; i--) {
        try {
          running.get(i).close();
        } catch (Exception e) {
          // Goes to the log file: a stop should not look like a crash.
          System.err.println("While stopping: " + e);
        }
      }
      if (runFolder != null) {
        runFolder.delete();
      }
      say("Stopped.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      allStopped.countDown();
    }
  }

  static void say(String line) {
    ConsoleLog.say(line);
  }
}
