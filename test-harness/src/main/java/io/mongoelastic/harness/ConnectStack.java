package io.mongoelastic.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * A real KRaft broker and real distributed Connect workers in this JVM (Kafka's {@link
 * EmbeddedConnectCluster}), with the packaged plugins installed on {@code plugin.path}. Start one
 * per test class; stopping takes a few seconds.
 */
public final class ConnectStack implements AutoCloseable {
  private final EmbeddedConnectCluster cluster;
  private final Path pluginPath;

  private ConnectStack(EmbeddedConnectCluster cluster, Path pluginPath) {
    this.cluster = cluster;
    this.pluginPath = pluginPath;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public EmbeddedConnectCluster cluster() {
    return cluster;
  }

  public EmbeddedKafkaCluster kafka() {
    return cluster.kafka();
  }

  public String bootstrapServers() {
    return cluster.kafka().bootstrapServers();
  }

  /** Base URL of one worker's REST API, e.g. {@code http://localhost:34567/}. */
  public String restUrl() {
    return cluster.endpointForResource("").replaceAll("/+$", "") + "/";
  }

  public Path pluginPath() {
    return pluginPath;
  }

  @Override
  public void close() {
    cluster.stop();
  }

  /** Worker and broker settings of one stack. */
  public static final class Builder {
    private final String name;
    private int workers = 1;
    private int restPort;
    private int brokers = 1;
    private List<Path> pluginZips;
    private Path workDir;
    private final Map<String, String> workerProps = new HashMap<>();
    private final Properties brokerProps = new Properties();

    private Builder(String name) {
      this.name = name;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    /**
     * A fixed REST port for the (single) worker, e.g. 8083 for the quickstart; 0 (the default)
     * picks free ports.
     */
    public Builder restPort(int restPort) {
      this.restPort = restPort;
      return this;
    }

    public Builder brokers(int brokers) {
      this.brokers = brokers;
      return this;
    }

    /** Defaults to {@link PluginInstaller#configuredZips()}. */
    public Builder pluginZips(List<Path> pluginZips) {
      this.pluginZips = new ArrayList<>(pluginZips);
      return this;
    }

    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    /**
     * A worker setting; {@code listeners} is honoured too (one worker, started after the broker),
     * e.g. {@code http://0.0.0.0:PORT} to listen on every interface.
     */
    public Builder workerProperty(String key, String value) {
      workerProps.put(key, value);
      return this;
    }

    /**
     * Loads the mongoelastic worker plugins as {@code config-examples/worker.properties} does: the
     * config provider under the alias {@code es} reading {@code elasticsearchUrl} with the private
     * keys in {@code keys}, serving {@code allowedDocuments}, and the REST extension serving the
     * public keys of the same folder. Later {@link #workerProperty} calls override single params.
     */
    public Builder mongoElasticWorkerPlugins(
        String elasticsearchUrl, Path keys, String allowedDocuments) {
      String param = "config.providers.es.param.";
      workerProps.put("config.providers", "es");
      workerProps.put(
          "config.providers.es.class",
          "io.mongoelastic.common.provider.ElasticsearchConfigProvider");
      workerProps.put(param + "elasticsearch.urls", elasticsearchUrl);
      workerProps.put(param + "private.keys.path", keys.toString());
      workerProps.put(param + "allowed.documents", allowedDocuments);
      workerProps.put(
          "rest.extension.classes", "io.mongoelastic.common.rest.MongoElasticRestExtension");
      workerProps.put("mongoelastic.keys.path", keys.toString());
      return this;
    }

    public Builder brokerProperty(String key, String value) {
      brokerProps.put(key, value);
      return this;
    }

    public ConnectStack start() {
      Path base = workDir != null ? workDir : HarnessPaths.workDir();
      Path pluginPath;
      try {
        Files.createDirectories(base);
        pluginPath =
            PluginInstaller.install(
                Files.createTempDirectory(base, name + "-plugins-"),
                pluginZips != null ? pluginZips : PluginInstaller.configuredZips());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, String> props = new HashMap<>();
      props.put("plugin.path", pluginPath.toString());
      // Our jars ship ServiceLoader manifests; scanning would double start time and memory.
      props.put("plugin.discovery", "service_load");
      props.put("offset.flush.interval.ms", "1000");
      props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
      props.put("key.converter.schemas.enable", "false");
      props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
      props.put("value.converter.schemas.enable", "false");
      props.putAll(workerProps);
      // The cluster forces 'listeners' to a free loopback port while starting; a worker added
      // afterwards listens where we say (a fixed port, or a given listener such as 0.0.0.0).
      String listeners =
          restPort != 0 ? "http://localhost:" + restPort : workerProps.get("listeners");
      EmbeddedConnectCluster cluster =
          (EmbeddedConnectCluster)
              new EmbeddedConnectCluster.Builder()
                  .name(name)
                  .numWorkers(listeners == null ? workers : 0)
                  .numBrokers(brokers)
                  .workerProps(props)
                  .brokerProps(brokerProps)
                  .maskExitProcedures(true)
                  .build();
      cluster.start();
      if (listeners != null) {
        props.put("listeners", listeners);
        cluster.addWorker();
      }
      return new ConnectStack(cluster, pluginPath);
    }
  }
}
