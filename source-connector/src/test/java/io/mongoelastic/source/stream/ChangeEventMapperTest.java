package io.mongoelastic.source.stream;

import static io.mongoelastic.source.stream.ChangeStreamDocumentBuilder.event;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.record.SourceRecordFactory;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.Test;

class ChangeEventMapperTest {
  @Test
  void failsNamingTheStreamPipelineWhenAnEventHasNoClusterTime() {
    BsonDocument id = new BsonDocument("_id", new BsonInt32(1));
    ChangeStreamDocument<BsonDocument> event =
        event("insert")
            .resumeToken(BsonDocument.parse("{_data: '82'}"))
            .namespace("shop", "orders")
            .fullDocument(id)
            .documentKey(id)
            .build();
    try (SourceTaskMetrics metrics = new SourceTaskMetrics("mapper-test", 0)) {
      ChangeEventMapper mapper =
          new ChangeEventMapper("shop.orders", "orders", metrics, new SourceRecordFactory());
      assertThatThrownBy(() -> mapper.map(event, Map.of("ns", "shop.orders"), Map.of()))
          .isInstanceOf(ConnectException.class)
          .hasMessageContaining("shop.orders")
          .hasMessageContaining("clusterTime")
          .hasMessageContaining("stream.pipeline");
    }
  }
}
