package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class IdleWaitTest {
  private static final long HOUR_MS = TimeUnit.HOURS.toMillis(1);

  @Test
  @Timeout(30)
  void aWakeWhileTheLoopWasBusyEndsItsNextPauseAtOnce() throws Exception {
    IdleWait idle = new IdleWait();
    idle.wake();
    assertThat(idle.pause(HOUR_MS)).as("ended by the earlier wake").isTrue();
  }

  @Test
  @Timeout(30)
  void aWakeFromAnotherThreadEndsAPause() throws Exception {
    IdleWait idle = new IdleWait();
    CountDownLatch woken = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              idle.wake();
              woken.countDown();
            });
    reader.start();
    assertThat(idle.pause(HOUR_MS)).as("ended by the wake").isTrue();
    assertThat(woken.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @Timeout(30)
  void aWakeEndsOnePauseOnly() throws Exception {
    IdleWait idle = new IdleWait();
    idle.wake();
    assertThat(idle.pause(HOUR_MS)).isTrue();
    long start = System.nanoTime();
    assertThat(idle.pause(1)).as("the wake was used up: the time ran out").isFalse();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
  }
}
