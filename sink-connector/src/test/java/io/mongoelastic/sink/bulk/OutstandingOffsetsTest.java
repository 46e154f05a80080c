package io.mongoelastic.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OutstandingOffsetsTest {

  @Test
  void keepsTheLowestOffsetThatStillOwesAnAction() {
    OutstandingOffsets offsets = new OutstandingOffsets();
    offsets.add(10, 1);
    offsets.add(11, 2);
    offsets.add(12, 1);
    assertThat(offsets.done(11)).as("not the lowest").isFalse();
    assertThat(offsets.first()).isEqualTo(10);
    assertThat(offsets.done(10)).as("the lowest moves to 11, which owes one more").isTrue();
    assertThat(offsets.first()).isEqualTo(11);
    assertThat(offsets.done(12)).isFalse();
    assertThat(offsets.done(11)).isTrue();
    assertThat(offsets.isEmpty()).isTrue();
    assertThat(offsets.done(11)).as("unknown offsets are ignored").isFalse();
  }

  @Test
  void mergesRedeliveredAndOutOfOrderOffsets() {
    OutstandingOffsets offsets = new OutstandingOffsets();
    offsets.add(5, 1);
    offsets.add(9, 1);
    offsets.add(7, 1);
    offsets.add(5, 1);
    assertThat(offsets.count()).isEqualTo(3);
    offsets.done(5);
    assertThat(offsets.first()).isEqualTo(5);
    offsets.done(5);
    assertThat(offsets.first()).isEqualTo(7);
    offsets.add(3, 1);
    assertThat(offsets.first()).isEqualTo(3);
  }

  /** Random adds and completions, past the ring's first capacity, against a TreeMap model. */
  @Test
  void agreesWithASortedMapModel() {
    SplittableRandom random = new SplittableRandom(42);
    OutstandingOffsets offsets = new OutstandingOffsets();
    TreeMap<Long, Integer> model = new TreeMap<>();
    List<Long> owing = new ArrayList<>();
    long next = 0;
    for (int step = 0; step < 200_000; step++) {
      int choice = random.nextInt(10);
      if (choice < 5 || owing.isEmpty()) {
        long offset = random.nextInt(50) == 0 && next > 20 ? next - random.nextInt(1, 20) : next++;
        int actions = 1 + random.nextInt(random.nextInt(8) == 0 ? 3 : 1);
        offsets.add(offset, actions);
        model.merge(offset, actions, Integer::sum);
        for (int i = 0; i < actions; i++) {
          owing.add(offset);
        }
      } else {
        long offset = owing.remove(random.nextInt(owing.size()));
        Long lowestBefore = model.isEmpty() ? null : model.firstKey();
        model.computeIfPresent(offset, (o, left) -> left <= 1 ? null : left - 1);
        Long lowestAfter = model.isEmpty() ? null : model.firstKey();
        assertThat(offsets.done(offset))
            .as("step %d: done(%d) moves the lowest offset", step, offset)
            .isEqualTo(!java.util.Objects.equals(lowestBefore, lowestAfter));
      }
      assertThat(offsets.count()).isEqualTo(model.size());
      assertThat(offsets.isEmpty()).isEqualTo(model.isEmpty());
      if (!model.isEmpty()) {
        assertThat(offsets.first()).isEqualTo(model.firstKey());
      }
    }
  }
}
