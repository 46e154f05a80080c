package io.mongoelastic.sink.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class ValueConverterAdviceTest {
  private static SinkRecord withValue(Object value) {
    return new SinkRecord("t", 0, null, "\"1\"", null, value, 0);
  }

  @Test
  void connectorNamingJsonConverterIsWarnedAtStart() {
    ValueConverterAdvice advice =
        new ValueConverterAdvice(
            Map.of("value.converter", "org.apache.kafka.connect.json.JsonConverter"));
    assertThat(advice.warned()).isTrue();
  }

  @Test
  void passThroughValuesAreNeverWarned() {
    ValueConverterAdvice advice =
        new ValueConverterAdvice(Map.of("value.converter", ValueConverterAdvice.PASS_THROUGH));
    advice.inspect(List.of(withValue("{}".getBytes(StandardCharsets.UTF_8)), withValue(null)));
    assertThat(advice.warned()).isFalse();
  }

  @Test
  void mapValuesFromTheWorkersDefaultConverterAreWarnedOnce() {
    ValueConverterAdvice advice = new ValueConverterAdvice(Map.of());
    advice.inspect(List.of(withValue(null)));
    assertThat(advice.warned()).isFalse();

    advice.inspect(List.of(withValue(Map.of("a", 1))));
    assertThat(advice.warned()).isTrue();
  }

  @Test
  void structValuesAreWarned() {
    Schema schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
    ValueConverterAdvice advice = new ValueConverterAdvice(Map.of());
    advice.inspect(List.of(withValue(new Struct(schema).put("a", 1))));
    assertThat(advice.warned()).isTrue();
  }
}
