package io.mongoelastic.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Indexes Kafka records into Elasticsearch. Validation runs in stages: single keys (the {@link
 * ConfigDef} validators), key combinations, then a live check of the cluster with a short timeout
 * ({@link SinkConfigValidator}). Every task gets the same settings; Connect spreads the topic
 * partitions over them.
 */
public class ElasticsearchSinkConnector extends SinkConnector {
  static final String VERSION = versionOf();
  static final String TASK_ID = "mongoelastic.task.id";
  static final String TASK_COUNT = "mongoelastic.task.count";

  private Map<String, String> settings;

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    new ElasticsearchSinkConfig(props); // fail early on a bad config
    settings = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ElasticsearchSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      Map<String, String> task = new HashMap<>(settings);
      task.put(TASK_ID, Integer.toString(i));
      task.put(TASK_COUNT, Integer.toString(maxTasks));
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return ElasticsearchSinkConfig.CONFIG_DEF;
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config config = super.validate(connectorConfigs);
    SinkConfigValidator.validate(connectorConfigs, config);
    return config;
  }

  private static String versionOf() {
    String version = ElasticsearchSinkConnector.class.getPackage().getImplementationVersion();
    return version != null ? version : "0.1.0-SNAPSHOT";
  }
}
