package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

class ChangedKeysTest {
  private static BsonTimestamp t(int seconds) {
    return new BsonTimestamp(seconds, 1);
  }

  @Test
  void aRowIsSupersededOnlyByAChangeAtOrAfterItsReadBegan() {
    ChangedKeys keys = new ChangedKeys();
    keys.changed("a", t(10));

    assertThat(keys.changedSince("a", t(9))).isTrue();
    assertThat(keys.changedSince("a", t(10))).isTrue();
    assertThat(keys.changedSince("a", t(11))).isFalse();
    assertThat(keys.changedSince("b", t(1))).isFalse();
  }

  @Test
  void keepsTheLatestChangeOfAKey() {
    ChangedKeys keys = new ChangedKeys();
    keys.changed("a", t(20));
    keys.changed("a", t(10));

    assertThat(keys.changedSince("a", t(15))).isTrue();
  }

  @Test
  void anUnknownTimeCountsAsChangedSinceAnyTime() {
    ChangedKeys keys = new ChangedKeys();
    keys.changed("a", null);
    keys.changed("b", t(5));

    assertThat(keys.changedSince("a", t(100))).isTrue();
    assertThat(keys.changedSince("b", null)).isTrue();
  }

  @Test
  void forgetsOnlyChangesBeforeTheGivenTime() {
    ChangedKeys keys = new ChangedKeys();
    keys.changed("old", t(5));
    keys.changed("new", t(10));
    keys.changed("unknown", null);

    keys.forgetBefore(t(10));

    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.changedSince("old", t(1))).isFalse();
    assertThat(keys.changedSince("new", t(10))).isTrue();
    assertThat(keys.changedSince("unknown", t(1))).isTrue();
  }

  @Test
  void forgetsEveryKeyWhenTheReadIsDone() {
    ChangedKeys keys = new ChangedKeys();
    keys.changed("a", t(5));
    keys.changed("unknown", null);

    keys.clear();

    assertThat(keys.size()).isZero();
    assertThat(keys.changedSince("unknown", t(1))).isFalse();
  }
}
