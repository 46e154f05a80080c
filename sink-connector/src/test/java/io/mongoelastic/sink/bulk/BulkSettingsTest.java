package io.mongoelastic.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BulkSettingsTest {
  private static final long MIB = 1024 * 1024;

  private static BulkSettings withBuffer(long bufferMaxBytes) {
    return new BulkSettings(5_000, 10 * MIB, 5, 2, bufferMaxBytes, 1_000, 100, 10_000);
  }

  @Test
  void tasksShareTheConnectorsBufferEqually() {
    assertThat(withBuffer(64 * MIB).taskShare(1).bufferMaxBytes()).isEqualTo(64 * MIB);
    assertThat(withBuffer(64 * MIB).taskShare(4).bufferMaxBytes()).isEqualTo(16 * MIB);
  }

  @Test
  void aShareNeverFallsBelowOneFullRequest() {
    BulkSettings share = withBuffer(64 * MIB).taskShare(16);
    assertThat(share.bufferMaxBytes()).isEqualTo(10 * MIB);
    assertThat(share.maxBytes()).isEqualTo(10 * MIB);
    assertThat(share.concurrentRequests()).isEqualTo(2);
  }
}
