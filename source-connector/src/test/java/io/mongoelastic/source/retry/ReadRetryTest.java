package io.mongoelastic.source.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import io.mongoelastic.source.metrics.SourceTaskMetrics;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.connect.errors.ConnectException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadRetryTest {
  private static final String URI = "mongodb://reader:s3cret@db.example:27017/?replicaSet=rs0";
  private final SourceTaskMetrics metrics = new SourceTaskMetrics("read-retry-test", 0);

  @AfterEach
  void close() {
    metrics.close();
  }

  private ReadRetry retry(long timeoutMs) {
    return new ReadRetry(
        "the change stream of shop.orders",
        Read.CHANGE_STREAM,
        RetryPolicy.of(10_000, timeoutMs),
        metrics,
        URI);
  }

  @Test
  void backsOffAfterATransientErrorAndCountsTheRetry() {
    ReadRetry retry = retry(-1);
    retry.failed(
        new MongoSocketReadException(
            "Prematurely reached end of stream " + URI, new ServerAddress()));
    assertThat(retry.waiting()).isTrue();
    assertThat(metrics.getRetries()).isEqualTo(1);
    assertThat(metrics.getLastError())
        .contains("the change stream of shop.orders")
        .contains("MongoSocketReadException")
        .doesNotContain("s3cret");
  }

  @Test
  void failsTheTaskNamingTheReaderAndTheCauseOnAnErrorRetryingCannotCure() {
    MongoCommandException unauthorized =
        new MongoCommandException(
            BsonDocument.parse(
                "{ok: 0, code: 13, codeName: 'Unauthorized', errmsg: 'not authorized on shop'}"),
            new ServerAddress());
    assertThatThrownBy(() -> retry(-1).failed(unauthorized))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("the change stream of shop.orders")
        .hasMessageContaining("code 13")
        .hasMessageContaining("not authorized on shop");
    assertThat(metrics.getRetries()).isZero();
  }

  @Test
  void failsTheTaskNamingTheTimeoutSettingWhenRetriesRunOut() {
    assertThatThrownBy(
            () ->
                retry(0)
                    .failed(
                        new MongoSocketReadException(
                            "Prematurely reached end of stream", new ServerAddress())))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("mongodb.retry.timeout.ms")
        .hasMessageContaining("MongoSocketReadException");
  }

  @Test
  void failsTheTaskNamingTheTlsSettingsWhenTheHandshakeIsRefusedEvenWithoutATimeout() {
    MongoSocketOpenException refused =
        new MongoSocketOpenException(
            "Exception opening socket",
            new ServerAddress(),
            new SSLHandshakeException("PKIX path building failed"));
    assertThatThrownBy(() -> retry(-1).failed(refused))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("the change stream of shop.orders")
        .hasMessageContaining("mongodb.ssl.truststore.path");
    assertThat(metrics.getRetries()).isZero();
  }
}
