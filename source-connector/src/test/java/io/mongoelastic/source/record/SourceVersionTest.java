package io.mongoelastic.source.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class SourceVersionTest {

  @Test
  void staysPositiveAndOrderedPast2038() {
    BsonTimestamp before = new BsonTimestamp(Integer.MAX_VALUE, 7); // 2038-01-19
    BsonTimestamp after = new BsonTimestamp(Integer.MIN_VALUE, 1); // one second later, unsigned
    BsonTimestamp last = new BsonTimestamp(-1, Integer.MAX_VALUE); // 2106
    assertThat(SourceVersion.of(before)).isPositive();
    assertThat(SourceVersion.of(after)).isGreaterThan(SourceVersion.of(before));
    assertThat(SourceVersion.of(last)).isGreaterThan(SourceVersion.of(after)).isPositive();
  }

  @Test
  void roundTripsToTheClusterTime() {
    BsonTimestamp time = new BsonTimestamp(-5, 123_456);
    assertThat(SourceVersion.toClusterTime(SourceVersion.of(time))).isEqualTo(time);
  }

  @Test
  void aLaterIncrementInTheSameSecondIsGreater() {
    assertThat(SourceVersion.of(new BsonTimestamp(1_700_000_000, 2)))
        .isLessThan(SourceVersion.of(new BsonTimestamp(1_700_000_000, 3)))
        .isLessThan(SourceVersion.of(new BsonTimestamp(1_700_000_001, 1)));
  }

  @Test
  void refusesAnIncrementThatWouldOverflowIntoTheSeconds() {
    assertThatThrownBy(() -> SourceVersion.of(new BsonTimestamp(1, -1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("increment");
  }
}
