package io.mongoelastic.source.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  private void advanceMs(long ms) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void doublesTheWaitUpToTheMaximumAndStartsOverAfterASuccess() {
    RetryBackoff backoff = new RetryBackoff(RetryPolicy.of(1_000, -1), nanos::get);
    assertThat(backoff.waiting()).isFalse();
    assertThat(backoff.failed()).isEqualTo(200);
    assertThat(backoff.failed()).isEqualTo(400);
    assertThat(backoff.failed()).isEqualTo(800);
    assertThat(backoff.failed()).isEqualTo(1_000);
    assertThat(backoff.failed()).isEqualTo(1_000);
    backoff.succeeded();
    assertThat(backoff.failures()).isZero();
    assertThat(backoff.failed()).isEqualTo(200);
  }

  @Test
  void waitsUntilTheScheduledAttempt() {
    RetryBackoff backoff = new RetryBackoff(RetryPolicy.of(10_000, -1), nanos::get);
    backoff.failed();
    assertThat(backoff.waiting()).isTrue();
    advanceMs(199);
    assertThat(backoff.waiting()).isTrue();
    advanceMs(1);
    assertThat(backoff.waiting()).isFalse();
  }

  @Test
  void givesUpOnceTheTimeoutHasPassedSinceTheFirstFailure() {
    RetryBackoff backoff = new RetryBackoff(RetryPolicy.of(10_000, 5_000), nanos::get);
    assertThat(backoff.failed()).isPositive();
    advanceMs(4_999);
    assertThat(backoff.failed()).isPositive();
    advanceMs(1);
    assertThat(backoff.failed()).isEqualTo(-1);
    assertThat(backoff.failingForMs()).isEqualTo(5_000);
  }

  @Test
  void aZeroTimeoutFailsOnTheFirstError() {
    assertThat(new RetryBackoff(RetryPolicy.of(10_000, 0), nanos::get).failed()).isEqualTo(-1);
  }

  @Test
  void retriesForeverWithANegativeTimeout() {
    RetryBackoff backoff = new RetryBackoff(RetryPolicy.of(100, -1), nanos::get);
    for (int i = 0; i < 1_000; i++) {
      advanceMs(3_600_000);
      assertThat(backoff.failed()).isEqualTo(100);
    }
  }
}
