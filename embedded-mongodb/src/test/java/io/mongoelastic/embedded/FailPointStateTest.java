package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How one fail point counts its modes, as mongod's FailPoint does. */
class FailPointStateTest {
  private final FailPoint point = new FailPoint("failCommand");

  @Test
  void timesFiresNTimesThenTurnsOff() {
    point.configure(FailPointMode.times(2), new Document("errorCode", 2));

    assertThat(point.enter(d -> true)).isNotNull();
    assertThat(point.enter(d -> true)).isNotNull();
    assertThat(point.enter(d -> true)).isNull();
    assertThat(point.timesEntered()).isEqualTo(2);
  }

  @Test
  void operationsTheDataDoesNotSelectUseUpNothing() {
    point.configure(FailPointMode.times(1), new Document());

    assertThat(point.enter(d -> false)).isNull();
    assertThat(point.enter(d -> false)).isNull();
    assertThat(point.enter(d -> true)).isNotNull();
    assertThat(point.timesEntered()).isEqualTo(1);
  }

  @Test
  void skipLetsNPassThenFiresAlways() {
    point.configure(FailPointMode.skip(1), new Document());

    assertThat(point.enter(d -> true)).isNull();
    for (int i = 0; i < 3; i++) {
      assertThat(point.enter(d -> true)).isNotNull();
    }
  }

  @Test
  void configureReturnsTheCountSoFarAndKeepsItAcrossModes() {
    point.configure(FailPointMode.ALWAYS_ON, new Document());
    point.enter(d -> true);
    point.enter(d -> true);

    assertThat(point.configure(FailPointMode.OFF, new Document())).isEqualTo(2);
    assertThat(point.enter(d -> true)).isNull();
    assertThat(point.configure(FailPointMode.times(1), new Document())).isEqualTo(2);
  }

  @Test
  void timesIsExactUnderConcurrentEvaluation() throws Exception {
    point.configure(FailPointMode.times(100), new Document());
    AtomicInteger fired = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 1000; i++) {
                    if (point.enter(d -> true) != null) {
                      fired.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(fired.get()).isEqualTo(100);
  }

  @Test
  void modesAreParsedAsConfigureFailPointSpellsThem() {
    assertThat(FailPointMode.parse("alwaysOn")).isEqualTo(FailPointMode.ALWAYS_ON);
    assertThat(FailPointMode.parse(new Document("times", 3))).isEqualTo(FailPointMode.times(3));
    assertThat(FailPointMode.parse(new Document("skip", 1))).isEqualTo(FailPointMode.skip(1));
    assertThatThrownBy(() -> FailPointMode.parse("sometimes"))
        .isInstanceOfSatisfying(CommandException.class, e -> assertThat(e.getCode()).isEqualTo(2));
    assertThatThrownBy(() -> FailPointMode.parse(new Document("times", -1)))
        .isInstanceOf(CommandException.class);
  }
}
