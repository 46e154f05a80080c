package io.mongoelastic.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineValidatorTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "[{\"$unset\": \"_id\"}]",
        "[{\"$unset\": [\"fullDocument.x\", \"_id\"]}]",
        "[{\"$unset\": \"_id._data\"}]",
        "[{\"$project\": {\"_id\": 0}}]",
        "[{\"$project\": {\"_id\": false, \"fullDocument\": 1}}]",
        "[{\"$project\": {\"_id\": \"$documentKey\"}}]",
        "[{\"$set\": {\"_id\": 1}}]",
        "[{\"$match\": {}}, {\"$addFields\": {\"_id.extra\": 1}}]"
      })
  void refusesStagesThatRemoveOrChangeTheResumeToken(String pipeline) {
    assertThatThrownBy(() -> PipelineValidator.INSTANCE.ensureValid("stream.pipeline", pipeline))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stream.pipeline")
        .hasMessageContaining("_id")
        .hasMessageContaining("280");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[{\"$project\": {\"_id\": 1, \"fullDocument\": 1, \"operationType\": 1,"
            + " \"clusterTime\": 1, \"documentKey\": 1, \"ns\": true}}]",
        "[{\"$project\": {\"fullDocument.secret\": 0, \"updateDescription\": 0}}]",
        "[{\"$project\": {\"fullDocument.secret\": 0}}]",
        "[{\"$unset\": \"fullDocument.secret\"}]",
        "[{\"$set\": {\"fullDocument.idCopy\": \"$_id\"}}]",
        "[{\"$match\": {\"operationType\": \"insert\"}}]"
      })
  void acceptsStagesThatKeepTheResumeToken(String pipeline) {
    assertThat(PipelineValidator.parse(pipeline)).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[{\"$project\": {\"_id\": 1, \"fullDocument\": 1, \"operationType\": 1}}]",
        "[{\"$project\": {\"clusterTime\": 0}}]",
        "[{\"$unset\": \"clusterTime\"}]",
        "[{\"$unset\": [\"fullDocument.x\", \"documentKey\"]}]",
        "[{\"$set\": {\"clusterTime\": 1}}]",
        "[{\"$addFields\": {\"ns.db\": \"other\"}}]",
        "[{\"$project\": {\"operationType\": 1, \"documentKey\": 1, \"ns\": 1,"
            + " \"clusterTime\": \"$wallTime\", \"fullDocument\": 1}}]"
      })
  void refusesStagesThatRemoveTheFieldsRecordsAreBuiltFrom(String pipeline) {
    assertThatThrownBy(() -> PipelineValidator.INSTANCE.ensureValid("stream.pipeline", pipeline))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("stream.pipeline")
        .hasMessageContaining("clusterTime, documentKey, operationType, ns");
  }
}
