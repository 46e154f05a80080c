package io.mongoelastic.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

class StreamPipelineTest {
  private static final BsonDocument MATCH =
      BsonDocument.parse("{$match: {'updateDescription.updatedFields.status': {$exists: true}}}");
  private static final BsonDocument SPLIT =
      BsonDocument.parse("{$changeStreamSplitLargeEvent: {}}");
  private static final BsonDocument DROP = BsonDocument.parse("{$project: {updateDescription: 0}}");

  @Test
  void dropsUpdateDescriptionAfterTheUserStagesAndSplitsLast() {
    assertThat(StreamPipeline.build(List.of(MATCH), true)).containsExactly(MATCH, DROP, SPLIT);
    assertThat(StreamPipeline.build(List.of(MATCH), false)).containsExactly(MATCH, DROP);
  }

  @Test
  void movesTheUsersOwnSplitStageToTheEnd() {
    assertThat(StreamPipeline.build(List.of(MATCH, SPLIT), false))
        .containsExactly(MATCH, DROP, SPLIT);
  }

  @Test
  void theFallbackKeepsOnlyIdentifyingFields() {
    List<BsonDocument> stages = StreamPipeline.identifyingOnly(List.of(MATCH, SPLIT));
    assertThat(stages).hasSize(2).startsWith(MATCH);
    BsonDocument kept = stages.get(1).getDocument("$project");
    assertThat(kept.keySet())
        .contains("operationType", "documentKey", "ns", "clusterTime", "wallTime")
        .doesNotContain("fullDocument", "updateDescription");
  }

  @Test
  void splitsFromMongoDb609And70() {
    assertThat(new ServerVersion(6, 0, 8).splitsLargeEvents()).isFalse();
    assertThat(new ServerVersion(6, 0, 9).splitsLargeEvents()).isTrue();
    assertThat(new ServerVersion(6, 3, 1).splitsLargeEvents()).isFalse();
    assertThat(new ServerVersion(7, 0, 0).splitsLargeEvents()).isTrue();
    assertThat(new ServerVersion(8, 2, 0).splitsLargeEvents()).isTrue();
    assertThat(new ServerVersion(5, 0, 30).splitsLargeEvents()).isFalse();
  }
}
