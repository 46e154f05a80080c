package io.mongoelastic.sink.resync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResyncReasonTest {

  @Test
  void parsesLowerSnakeNamesAndFallsBackToUnspecified() {
    assertThat(ResyncReason.parse("history_lost")).isEqualTo(ResyncReason.HISTORY_LOST);
    assertThat(ResyncReason.parse("USER_REQUESTED")).isEqualTo(ResyncReason.USER_REQUESTED);
    assertThat(ResyncReason.parse(null)).isEqualTo(ResyncReason.UNSPECIFIED);
    assertThat(ResyncReason.parse("gremlins")).isEqualTo(ResyncReason.UNSPECIFIED);
    assertThat(ResyncReason.INITIAL.value()).isEqualTo("initial");
  }
}
