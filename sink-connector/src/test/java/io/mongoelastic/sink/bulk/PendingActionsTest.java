package io.mongoelastic.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.sink.document.ActionNdjson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class PendingActionsTest {
  private static final TopicPartition PARTITION = new TopicPartition("t", 0);
  private static final byte[] NDJSON =
      "{\"index\":{\"_id\":\"1\"}}\n{\"n\":1}\n".getBytes(StandardCharsets.UTF_8);

  /** What every action counts besides bytes: its objects and its key "idx\0" + "1". */
  private static final long OBJECTS = PendingAction.OBJECT_BYTES + 2L * "idx\u00001".length();

  private static SinkRecord record(Object value) {
    return new SinkRecord("t", 0, Schema.STRING_SCHEMA, "1", null, value, 7);
  }

  private static ActionEncoder.Action action() {
    return new ActionEncoder.Action("idx", "1", ActionNdjson.of(NDJSON), false);
  }

  @Test
  void theBufferCountsTheValueKeptForTheDeadLetterQueue() {
    PendingActions actions = new PendingActions();
    actions.add(record(new byte[100]), PARTITION, 7, action());
    assertThat(actions.bufferedBytes()).isEqualTo(OBJECTS + NDJSON.length + 100L);

    actions.add(record(Map.of("n", 1)), PARTITION, 8, action());
    assertThat(actions.bufferedBytes())
        .isEqualTo(2 * OBJECTS + NDJSON.length + 100L + 3L * NDJSON.length);

    actions.add(record(null), PARTITION, 9, action());
    assertThat(actions.bufferedBytes())
        .isEqualTo(3 * OBJECTS + 2L * NDJSON.length + 100L + 3L * NDJSON.length);
  }

  @Test
  void settlingReleasesWhatAddingCounted() {
    PendingActions actions = new PendingActions();
    actions.add(record("{\"n\":1}"), PARTITION, 7, action());
    List<PendingAction> batch = actions.takeBatch(System.nanoTime(), 10, 1 << 20);
    assertThat(batch).hasSize(1);
    assertThat(actions.bufferedBytes()).isEqualTo(OBJECTS + NDJSON.length + 7L);

    actions.landed(batch);
    actions.settled(batch.get(0));
    assertThat(actions.bufferedBytes()).isZero();
    assertThat(actions.bufferedActions()).isZero();
  }
}
