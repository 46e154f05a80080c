package io.mongoelastic.source;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** The keys of the "Polling" group: how a task hands records to the worker. */
public final class PollConfig {
  static final String GROUP_POLL = "Polling";

  public static final String POLL_MAX_WAIT_MS = "poll.max.wait.ms";
  public static final String POLL_MAX_RECORDS = "poll.max.records";
  public static final String POLL_MAX_OUTSTANDING_RECORDS = "poll.max.outstanding.records";

  private PollConfig() {}

  static void defineInto(ConfigDef def) {
    int order = 0;
    def.define(
        POLL_MAX_WAIT_MS,
        Type.LONG,
        500L,
        Range.between(10L, 60_000L),
        Importance.LOW,
        "Longest time one poll waits for data before returning to the worker.",
        GROUP_POLL,
        ++order,
        Width.SHORT,
        "Poll max wait (ms)");
    def.define(
        POLL_MAX_RECORDS,
        Type.INT,
        2_000,
        Range.between(1, 1_000_000),
        Importance.LOW,
        "Most records one poll returns.",
        GROUP_POLL,
        ++order,
        Width.SHORT,
        "Poll max records");
    def.define(
        POLL_MAX_OUTSTANDING_RECORDS,
        Type.INT,
        5_000,
        Range.between(0, 10_000_000),
        Importance.LOW,
        "Most records the connector's tasks together have handed to the worker that Kafka has"
            + " not yet acknowledged: each task gets an equal share (this value divided by the"
            + " number of tasks), and while its share is outstanding, its poll waits for"
            + " acknowledgements instead of reading more. Each outstanding record keeps its"
            + " converted document in the worker's heap, so this bounds the memory the connector"
            + " needs when Kafka is slower than MongoDB (a snapshot), whatever tasks.max is. A"
            + " poll may exceed a share by one batch (poll.max.records). 0 = no bound.",
        GROUP_POLL,
        ++order,
        Width.SHORT,
        "Poll max outstanding records");
  }
}
