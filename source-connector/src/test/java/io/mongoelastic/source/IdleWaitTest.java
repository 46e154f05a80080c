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
    idle.pause(HOUR_MS);
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
    idle.pause(HOUR_MS);
    assertThat(woken.await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @Timeout(30)
  void aWakeEndsOnePauseOnly() throws Exception {
    IdleWait idle = new IdleWait();
    idle.wake();
    idle.pause(HOUR_MS);
    long start = System.nanoTime();
    idle.pause(1);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
  }
}
