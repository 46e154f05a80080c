package io.mongoelastic.source.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceTaskMetricsTest {
  @Test
  void streamLagIsTheLastChangesDelayAndZeroOnceCaughtUp() {
    SourceTaskMetrics metrics = new SourceTaskMetrics("lag-test", 0);
    try {
      assertThat(metrics.getStreamLagMs()).isEqualTo(-1);

      metrics.streamEvent(System.currentTimeMillis() - 1_500);
      assertThat(metrics.getStreamLagMs()).isBetween(1_500L, 60_000L);

      // An idle stream must not look like a lagging one.
      metrics.streamCaughtUp();
      assertThat(metrics.getStreamLagMs()).isZero();
      assertThat(metrics.getStreamEventsProduced()).isEqualTo(1);
    } finally {
      metrics.close();
    }
  }

  @Test
  void caughtUpBeforeAnyChangeKeepsTheNoDataMark() {
    SourceTaskMetrics metrics = new SourceTaskMetrics("lag-test", 1);
    try {
      metrics.streamCaughtUp();
      assertThat(metrics.getStreamLagMs()).isEqualTo(-1);
    } finally {
      metrics.close();
    }
  }
}
