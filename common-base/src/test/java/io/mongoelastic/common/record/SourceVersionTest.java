package io.mongoelastic.common.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceVersionTest {

  @Test
  void staysPositiveAndOrderedPast2038() {
    long before = SourceVersion.of(Integer.MAX_VALUE, 7); // 2038-01-19
    long after = SourceVersion.of(Integer.MIN_VALUE, 1); // one second later, unsigned
    long last = SourceVersion.of(-1, Integer.MAX_VALUE); // 2106
    assertThat(before).isPositive();
    assertThat(after).isGreaterThan(before);
    assertThat(last).isGreaterThan(after).isPositive();
  }

  @Test
  void decodesToTheClusterTime() {
    long version = SourceVersion.of(-5, 123_456);
    assertThat(SourceVersion.seconds(version)).isEqualTo(Integer.toUnsignedLong(-5));
    assertThat(SourceVersion.increment(version)).isEqualTo(123_456);
  }

  @Test
  void matchesTheDocumentedExample() {
    assertThat(SourceVersion.of(1_700_000_000, 3)).isEqualTo(3650722201600000003L);
  }

  @Test
  void aLaterIncrementInTheSameSecondIsGreater() {
    assertThat(SourceVersion.of(1_700_000_000, 2))
        .isLessThan(SourceVersion.of(1_700_000_000, 3))
        .isLessThan(SourceVersion.of(1_700_000_001, 1));
  }

  @Test
  void refusesAnIncrementThatWouldOverflowIntoTheSeconds() {
    assertThatThrownBy(() -> SourceVersion.of(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("increment");
  }

  @Test
  void recognisesVersionsOfTheOlderShift32Encoding() {
    long now = 1_800_000_000L;
    long current = SourceVersion.of((int) now, 9);
    long olderEncoding = now << 32 | 9; // what BsonTimestamp.getValue() gave
    assertThat(SourceVersion.isFromTheFuture(current, now)).isFalse();
    assertThat(SourceVersion.isFromTheFuture(olderEncoding, now)).isTrue();
  }
}
