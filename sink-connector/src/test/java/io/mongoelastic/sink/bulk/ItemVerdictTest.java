package io.mongoelastic.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.record.SourceVersion;
import org.junit.jupiter.api.Test;

class ItemVerdictTest {
  private static final int NOW = (int) (System.currentTimeMillis() / 1000);

  private static ItemResult conflict(long stored, long provided) {
    return new ItemResult(
        409,
        "version_conflict_engine_exception",
        "[k1]: version conflict, current version ["
            + stored
            + "] is higher or equal to the one provided ["
            + provided
            + "]");
  }

  @Test
  void aConflictWithANewerCurrentVersionIsStale() {
    long provided = SourceVersion.of(NOW - 10, 1);
    long stored = SourceVersion.of(NOW, 2);
    assertThat(ItemVerdict.of(conflict(stored, provided), true)).isEqualTo(ItemVerdict.STALE);
  }

  @Test
  void aConflictWithAVersionOfTheOlderShift32EncodingFailsTheTask() {
    long provided = SourceVersion.of(NOW, 1);
    long storedByEarlierBuild = Integer.toUnsignedLong(NOW - 10) << 32 | 1;
    ItemResult item = conflict(storedByEarlierBuild, provided);
    assertThat(ItemVerdict.of(item, true)).isEqualTo(ItemVerdict.FATAL);
    assertThat(OlderVersionEncoding.storedIn(item)).isTrue();
  }

  @Test
  void anUnversionedConflictIsRetried() {
    assertThat(ItemVerdict.of(conflict(5, 3), false)).isEqualTo(ItemVerdict.RETRY);
  }
}
