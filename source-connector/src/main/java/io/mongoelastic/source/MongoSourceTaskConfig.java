package io.mongoelastic.source;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** A task's config: the connector's keys plus the work the connector assigned to the task. */
public final class MongoSourceTaskConfig extends MongoSourceConfig {
  public static final String TASK_ID = "task.id";
  public static final String TASK_ASSIGNMENT = "task.assignment";
  public static final String TASK_COUNT = "task.count";

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
              "Set by the connector: the collections and snapshot ranges of this task (JSON).")
          .define(
              TASK_COUNT,
              Type.INT,
              1,
              ConfigDef.Range.atLeast(1),
              Importance.LOW,
              "Set by the connector: how many tasks share the connector's memory bounds.");

  public MongoSourceTaskConfig(Map<String, String> props) {
    super(TASK_CONFIG, props);
  }

  public int taskId() {
    return getInt(TASK_ID);
  }

  /**
   * This task's share of {@code poll.max.outstanding.records}, a bound for the whole connector: the
   * bound divided among the connector's tasks (at least one record each), or 0 for no bound.
   */
  public int pollMaxOutstandingRecordsShare() {
    int total = pollMaxOutstandingRecords();
    return total == 0 ? 0 : Math.max(1, total / getInt(TASK_COUNT));
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
