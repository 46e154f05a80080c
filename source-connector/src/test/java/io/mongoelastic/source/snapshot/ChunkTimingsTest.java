package io.mongoelastic.source.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChunkTimingsTest {
  private static final long MS = 1_000_000;

  @Test
  void sumsTheTimeHeldAtTheGateWaitingForReadsAndForTheStream() {
    ChunkTimings timings = new ChunkTimings("range 0 of db.c");
    timings.waiting(0);
    timings.waiting(20 * MS); // still the same wait
    timings.taken(30 * MS, 10);
    timings.streamPassed(35 * MS);
    timings.held(40 * MS);
    timings.held(90 * MS); // still the same hold
    timings.waiting(140 * MS);
    timings.taken(150 * MS, 10);
    timings.streamPassed(150 * MS);
    timings.streamPassed(400 * MS); // rows of the same chunk sent later: not waiting any more
    timings.taken(161 * MS, 0); // read already complete when wanted

    assertThat(timings)
        .hasToString(
            "3 chunk(s); waited 40 ms for reads (serving other work), 100 ms at the pace gate, 5 ms"
                + " for the stream to pass the chunks");
  }
}
