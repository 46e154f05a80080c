package io.mongoelastic.source;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** A task's config: the connector's keys plus the work the connector assigned to the task. */
public final class MongoSourceTaskConfig extends MongoSourceConfig {
  public static final String TASK_ID = "task.id";
  public static final String TASK_ASSIGNMENT = "task.assignment";

  static final ConfigDef TASK_CONFIG =
      MongoSourceConfig.define(new ConfigDef())
          .define(
              TASK_ID,
              Type.INT,
              0,
              ConfigDef.Range.atLeast(0),
              Importance.LOW,
              "Set by the connector: this task's index.")
          .define(
              TASK_ASSIGNMENT,
              Type.STRING,
              "",
              null,
              Importance.LOW,
              "Set by the connector: the collections and snapshot ranges of this task (JSON).");

  public MongoSourceTaskConfig(Map<String, String> props) {
    super(TASK_CONFIG, props);
  }

  public int taskId() {
    return getInt(TASK_ID);
  }

  public TaskAssignment assignment() {
    return TaskAssignment.fromJson(getString(TASK_ASSIGNMENT));
  }

  /** The connector's name, for metric names. */
  public String connectorName() {
    Object name = originals().get("name");
    return name == null ? "unnamed" : name.toString();
  }
}
