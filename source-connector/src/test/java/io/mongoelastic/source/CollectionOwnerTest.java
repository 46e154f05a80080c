package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CollectionOwnerTest {
  @Test
  void streamBatchSizeIsPollMaxRecordsBetweenOneAndAThousand() {
    assertThat(CollectionOwner.streamBatchSize(0)).isEqualTo(1);
    assertThat(CollectionOwner.streamBatchSize(-5)).isEqualTo(1);
    assertThat(CollectionOwner.streamBatchSize(1)).isEqualTo(1);
    assertThat(CollectionOwner.streamBatchSize(200)).isEqualTo(200);
    assertThat(CollectionOwner.streamBatchSize(2_000)).isEqualTo(1_000);
  }
}
