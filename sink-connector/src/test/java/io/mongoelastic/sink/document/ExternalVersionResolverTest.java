package io.mongoelastic.sink.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.record.Operation;
import io.mongoelastic.common.record.SourceRecordHeaders;
import io.mongoelastic.common.record.SourceVersion;
import java.util.Map;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.junit.jupiter.api.Test;

class ExternalVersionResolverTest {

  /** Source headers through the worker's default header converter both ways, as on a topic. */
  private static SinkRecord throughTheTopic(Headers written) {
    SimpleHeaderConverter converter = new SimpleHeaderConverter();
    converter.configure(Map.of());
    ConnectHeaders read = new ConnectHeaders();
    for (Header header : written) {
      byte[] bytes =
          converter.fromConnectHeader("t", header.key(), header.schema(), header.value());
      var value = converter.toConnectHeader("t", header.key(), bytes);
      read.add(header.key(), value);
    }
    return new SinkRecord("t", 0, null, "k", null, Map.of("a", 1), 7, null, null, read);
  }

  @Test
  void readsTheVersionTheSourceStampedAsTheSameClusterTime() {
    int seconds = (int) 4_000_000_000L; // 2096: past the signed 32-bit range
    long stamped = SourceVersion.of(seconds, 12);
    SinkRecord record =
        throughTheTopic(SourceRecordHeaders.forDocument(Operation.INSERT, "db.c", stamped));

    long resolved =
        new ExternalVersionResolver(VersionSource.SOURCE_HEADER).resolve(record).getAsLong();

    assertThat(resolved).isEqualTo(stamped).isPositive();
    assertThat(SourceVersion.seconds(resolved)).isEqualTo(4_000_000_000L);
    assertThat(SourceVersion.increment(resolved)).isEqualTo(12);
  }
}
