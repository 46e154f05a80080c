package io.mongoelastic.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch server in its own process, from the integ-test zip unpacked by
 * the build. When the JVM runs as root the node runs as an unprivileged system user, because
 * Elasticsearch refuses root; its files then live under {@code /var/tmp/mongoelastic}, reachable by
 * that user whatever the checkout's location.
 */
public final class ElasticsearchNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ElasticsearchNode.class);
  private static final Path ROOT_WORK = Path.of("/var/tmp/mongoelastic");

  private final Builder spec;
  private final Path nodeDir;
  private final int httpPort;
  private Path pidFile;
  private volatile boolean running;

  private ElasticsearchNode(Builder spec, Path nodeDir, int httpPort) {
    this.spec = spec;
    this.nodeDir = nodeDir;
    this.httpPort = httpPort;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The distribution folder: system property, else the build's unpack location under target/. */
  public static Path defaultHome() {
    String home = System.getProperty("mongoelastic.elasticsearch.home");
    if (home == null || home.isBlank()) {
      throw new IllegalStateException(
          "System property mongoelastic.elasticsearch.home is not set; run through Maven"
              + " (the test-harness module unpacks Elasticsearch into target/elasticsearch).");
    }
    return Path.of(home);
  }

  public int httpPort() {
    return httpPort;
  }

  /** {@code http(s)://127.0.0.1:port}. */
  public String url() {
    return (spec.https ? "https" : "http") + "://127.0.0.1:" + httpPort;
  }

  public Path nodeDir() {
    return nodeDir;
  }

  public Path configDir() {
    return nodeDir.resolve("config");
  }

  /** The node's process while it runs (for measuring its CPU, for example). */
  public Optional<ProcessHandle> process() {
    try {
      return running && Files.exists(pidFile)
          ? ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public boolean isRunning() {
    return running;
  }

  /** Starts (or restarts after {@link #stop()}) the node and waits until the cluster is yellow. */
  public synchronized ElasticsearchNode start() {
    if (running) {
      return this;
    }
    List<String> command = new ArrayList<>();
    if (runsAsServiceUser()) {
      command.addAll(List.of("runuser", "-u", ServiceUser.NAME, "--"));
    }
    Path home = spec.home;
    command.add("env");
    command.add("ES_JAVA_HOME=" + JavaRuntimes.forElasticsearch());
    command.add("ES_PATH_CONF=" + configDir());
    command.add("ES_TMPDIR=" + nodeDir.resolve("tmp"));
    command.add("ES_JAVA_OPTS=-Xms" + spec.heap + " -Xmx" + spec.heap);
    command.add(home.resolve("bin/elasticsearch").toString());
    command.add("-d");
    command.add("-p");
    command.add(pidFile.toString());
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("discovery.type", "single-node");
    settings.put("network.host", "127.0.0.1");
    settings.put("http.port", Integer.toString(httpPort));
    settings.put("transport.port", Integer.toString(spec.transportPort));
    settings.put("path.data", nodeDir.resolve("data").toString());
    settings.put("path.logs", nodeDir.resolve("logs").toString());
    settings.put("xpack.security.enabled", Boolean.toString(spec.security));
    settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
    settings.putAll(spec.settings);
    settings.forEach((key, value) -> command.add("-E" + key + "=" + value));
    Path console = nodeDir.resolve("console.log");
    try {
      Process launcher =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()))
              .start();
      if (!launcher.waitFor(spec.startTimeout.toSeconds(), TimeUnit.SECONDS)) {
        launcher.destroyForcibly();
        throw new IllegalStateException("Elasticsearch launcher hung; see " + console);
      }
      if (launcher.exitValue() != 0) {
        throw new IllegalStateException(
            "Elasticsearch failed to start (exit "
                + launcher.exitValue()
                + "): "
                + tail(console)
                + "\nSee "
                + nodeDir.resolve("logs"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Elasticsearch from " + home, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting Elasticsearch", e);
    }
    running = true;
    NodeReadiness.awaitYellow(httpPort, spec.https, spec.healthCredentials, spec.startTimeout);
    log.info(
        "Elasticsearch {} is up at {} (node folder {})", spec.home.getFileName(), url(), nodeDir);
    return this;
  }

  /** Stops the process (SIGTERM, then SIGKILL after 30 s); data stays for a later start(). */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    try {
      if (!Files.exists(pidFile)) {
        return;
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle.of(pid)
          .ifPresent(
              process -> {
                process.destroy();
                try {
                  process.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                  process.destroyForcibly();
                }
              });
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop Elasticsearch at " + nodeDir, e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no console output)";
    }
  }

  static boolean runsAsServiceUser() {
    return ServiceUser.required();
  }

  /** How to lay out and start one node. */
  public static final class Builder {
    private Path home;
    private Path workDir;
    private int httpPort;
    private int transportPort;
    private String heap = "512m";
    private boolean security;
    private boolean https;
    private String healthCredentials;
    private Duration startTimeout = Duration.ofMinutes(3);
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final Map<String, byte[]> configFiles = new LinkedHashMap<>();
    private final List<String[]> fileRealmUsers = new ArrayList<>();
    private final List<String[]> keystoreEntries = new ArrayList<>();

    public Builder home(Path home) {
      this.home = home;
      return this;
    }

    /** Parent folder for this node's config, data, logs and tmp (ignored when run as root). */
    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder httpPort(int httpPort) {
      this.httpPort = httpPort;
      return this;
    }

    public Builder heap(String heap) {
      this.heap = heap;
      return this;
    }

    public Builder setting(String key, String value) {
      settings.put(key, value);
      return this;
    }

    /** Turns security on; health checks then use the given superuser credentials. */
    public Builder security(String superUser, String password) {
      this.security = true;
      this.healthCredentials =
          Base64.getEncoder()
              .encodeToString((superUser + ":" + password).getBytes(StandardCharsets.UTF_8));
      fileRealmUser(superUser, password, "superuser");
      return this;
    }

    /** Marks HTTP as TLS: set the xpack.security.http.ssl.* settings and config files too. */
    public Builder https(boolean https) {
      this.https = https;
      return this;
    }

    public Builder fileRealmUser(String name, String password, String role) {
      fileRealmUsers.add(new String[] {name, password, role});
      return this;
    }

    public Builder keystoreEntry(String key, String value) {
      keystoreEntries.add(new String[] {key, value});
      return this;
    }

    /** A file placed in the node's config folder (certificates, role files). */
    public Builder configFile(String name, byte[] content) {
      configFiles.put(name, content);
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    /** Lays out the node folder and starts the node. */
    public ElasticsearchNode start() {
      return build().start();
    }

    /** Lays out the node folder without starting it. */
    public ElasticsearchNode build() {
      if (home == null) {
        home = defaultHome();
      }
      if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
        throw new IllegalStateException(
            "No Elasticsearch distribution at " + home + "; run `mvn -pl test-harness package`.");
      }
      try {
        if (runsAsServiceUser()) {
          ServiceUser.ensureExists();
          home = ServiceUser.readableCopyOf(home, ROOT_WORK);
          workDir = ROOT_WORK.resolve("nodes");
        } else if (workDir == null) {
          workDir = Path.of(System.getProperty("java.io.tmpdir"), "mongoelastic-es");
        }
        Files.createDirectories(workDir);
        Path nodeDir =
            Files.createTempDirectory(workDir, "node-" + ProcessHandle.current().pid() + "-");
        for (String sub : List.of("data", "logs", "tmp")) {
          Files.createDirectories(nodeDir.resolve(sub));
        }
        copyTree(home.resolve("config"), nodeDir.resolve("config"));
        for (Map.Entry<String, byte[]> file : configFiles.entrySet()) {
          Files.write(nodeDir.resolve("config").resolve(file.getKey()), file.getValue());
        }
        if (runsAsServiceUser()) {
          CommandRunner.run(
              List.of("chown", "-R", ServiceUser.NAME + ":", nodeDir.toString()), null);
        }
        for (String[] user : fileRealmUsers) {
          runTool(
              nodeDir,
              List.of(
                  home.resolve("bin/elasticsearch-users").toString(),
                  "useradd",
                  user[0],
                  "-p",
                  user[1],
                  "-r",
                  user[2]),
              null);
        }
        for (String[] entry : keystoreEntries) {
          if (!Files.exists(nodeDir.resolve("config/elasticsearch.keystore"))) {
            runTool(
                nodeDir,
                List.of(home.resolve("bin/elasticsearch-keystore").toString(), "create"),
                null);
          }
          runTool(
              nodeDir,
              List.of(
                  home.resolve("bin/elasticsearch-keystore").toString(),
                  "add",
                  "-x",
                  "-f",
                  entry[0]),
              entry[1]);
        }
        if (transportPort == 0) {
          transportPort = Ports.freePort();
        }
        int port = httpPort == 0 ? Ports.freePort() : httpPort;
        ElasticsearchNode node = new ElasticsearchNode(this, nodeDir, port);
        node.pidFile = nodeDir.resolve("es.pid");
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "elasticsearch-stop"));
        return node;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot lay out an Elasticsearch node", e);
      }
    }

    private void runTool(Path nodeDir, List<String> tool, String stdin) {
      List<String> command = new ArrayList<>();
      if (runsAsServiceUser()) {
        command.addAll(List.of("runuser", "-u", ServiceUser.NAME, "--"));
      }
      command.add("env");
      command.add("ES_JAVA_HOME=" + JavaRuntimes.forElasticsearch());
      command.add("ES_PATH_CONF=" + nodeDir.resolve("config"));
      command.addAll(tool);
      CommandRunner.run(command, stdin);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path dest = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
