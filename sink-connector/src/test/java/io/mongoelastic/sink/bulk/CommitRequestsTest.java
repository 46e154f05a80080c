package io.mongoelastic.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

class CommitRequestsTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);

  private final RecordingContext context = new RecordingContext();
  private final OffsetTracker offsets = new OffsetTracker();
  private final AtomicLong now = new AtomicLong(1_000);

  private CommitRequests requests(long intervalMs) {
    offsets.open(Set.of(TP));
    return new CommitRequests(
        context, offsets::committable, offsets::outstanding, intervalMs, now::get);
  }

  @Test
  void requestsACommitWhenAcknowledgedOffsetsMovedAtMostOncePerInterval() {
    CommitRequests requests = requests(500);
    offsets.received(TP, 0);
    requests.afterPut();
    assertThat(context.commitRequests).as("first position seen").isEqualTo(1);

    offsets.done(TP, 0);
    now.addAndGet(100);
    requests.afterPut();
    assertThat(context.commitRequests).as("within the interval").isEqualTo(1);
    assertThat(context.timeoutMs).as("next poll bounded so the ack is committed").isEqualTo(500);

    now.addAndGet(400);
    requests.afterPut();
    assertThat(context.commitRequests).isEqualTo(2);

    now.addAndGet(10_000);
    requests.afterPut();
    assertThat(context.commitRequests).as("the last request repeated once").isEqualTo(3);

    context.timeoutMs = -1;
    now.addAndGet(10_000);
    requests.afterPut();
    assertThat(context.commitRequests).as("nothing moved").isEqualTo(3);
    assertThat(context.timeoutMs).as("idle: the worker's own poll timeout").isEqualTo(-1);
  }

  @Test
  void repeatsARequestOnceAnIntervalLaterSoAFailedCommitIsRetriedWhileNoRecordComes() {
    CommitRequests requests = requests(500);
    offsets.received(TP, 0);
    offsets.done(TP, 0);
    requests.afterPut();
    assertThat(context.commitRequests).isEqualTo(1);
    assertThat(context.timeoutMs)
        .as("nothing outstanding, but the poll is bounded for the repeat")
        .isEqualTo(500);

    context.timeoutMs = -1;
    now.addAndGet(200);
    requests.afterPut();
    assertThat(context.commitRequests).as("not before the interval").isEqualTo(1);
    now.addAndGet(300);
    requests.afterPut();
    assertThat(context.commitRequests).as("repeated although nothing moved").isEqualTo(2);

    context.timeoutMs = -1;
    now.addAndGet(500);
    requests.afterPut();
    assertThat(context.commitRequests).as("only once").isEqualTo(2);
    assertThat(context.timeoutMs).isEqualTo(-1);
  }

  @Test
  void boundsThePollWhileRecordsAwaitAcknowledgement() {
    CommitRequests requests = requests(500);
    offsets.received(TP, 0);
    requests.afterPut();
    context.timeoutMs = -1;
    now.addAndGet(1_000);
    requests.afterPut();
    assertThat(context.commitRequests)
        .as("the first request repeated, nothing acknowledged")
        .isEqualTo(2);
    assertThat(context.timeoutMs).isEqualTo(500);
  }

  @Test
  void zeroIntervalLeavesCommitsToTheWorker() {
    CommitRequests requests = requests(0);
    offsets.received(TP, 0);
    offsets.done(TP, 0);
    requests.afterPut();
    assertThat(context.commitRequests).isZero();
    assertThat(context.timeoutMs).isEqualTo(-1);
  }

  private static final class RecordingContext implements SinkTaskContext {
    int commitRequests;
    long timeoutMs = -1;

    @Override
    public Map<String, String> configs() {
      return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {}

    @Override
    public void offset(TopicPartition tp, long offset) {}

    @Override
    public void timeout(long timeoutMs) {
      this.timeoutMs = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
      return Set.of(TP);
    }

    @Override
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {
      commitRequests++;
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
