package io.mongoelastic.source.retry;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.MongoException;
import com.mongodb.MongoQueryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import io.mongoelastic.source.retry.MongoErrorClassifier.Kind;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import javax.net.ssl.SSLHandshakeException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MongoErrorClassifierTest {
  private static final ServerAddress SERVER = new ServerAddress("db.example", 27017);

  private static MongoCommandException serverError(int code, String message, String... labels) {
    BsonDocument reply =
        BsonDocument.parse("{ok: 0, code: " + code + ", codeName: 'X'}")
            .append("errmsg", new org.bson.BsonString(message));
    org.bson.BsonArray array = new org.bson.BsonArray();
    for (String label : labels) {
      array.add(new org.bson.BsonString(label));
    }
    reply.append("errorLabels", array);
    return new MongoCommandException(reply, SERVER);
  }

  @ParameterizedTest(name = "4.2 resumable code {0}")
  @ValueSource(
      ints = {
        6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 63, 150, 13388, 234, 133,
        43
      })
  void retriesTheCodesA42ServerMeansAsResumable(int code) {
    MongoCommandException error = serverError(code, "failed");
    assertThat(MongoErrorClassifier.classify(error, Read.CHANGE_STREAM)).isEqualTo(Kind.TRANSIENT);
    assertThat(MongoErrorClassifier.classify(error, Read.SNAPSHOT)).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void retriesAnyErrorLabelledResumable() {
    MongoCommandException error = serverError(12345, "whatever", "ResumableChangeStreamError");
    assertThat(MongoErrorClassifier.isTransient(error, Read.CHANGE_STREAM)).isTrue();
  }

  @Test
  void neverRetriesAnErrorLabelledNonResumable() {
    MongoCommandException error =
        serverError(10107, "not primary", "NonResumableChangeStreamError");
    assertThat(MongoErrorClassifier.classify(error, Read.CHANGE_STREAM)).isEqualTo(Kind.FATAL);
  }

  @Test
  void retriesNetworkAndServerSelectionErrors() {
    for (MongoException error :
        new MongoException[] {
          new MongoSocketReadException("Prematurely reached end of stream", SERVER),
          new MongoSocketOpenException("Exception opening socket", SERVER, new IOException()),
          new MongoSocketReadTimeoutException("Timeout while receiving message", SERVER, null),
          new MongoTimeoutException("Timed out while waiting for a server"),
          // What a 1,000,000-document benchmark snapshot met when a stalled server's monitor
          // missed its heartbeat: it failed the task before this was retried.
          new MongoConnectionPoolClearedException(
              new ServerId(new ClusterId(), SERVER),
              new MongoSocketReadTimeoutException("Timeout while receiving message", SERVER, null))
        }) {
      assertThat(MongoErrorClassifier.classify(error, Read.CHANGE_STREAM))
          .as(error.getClass().getSimpleName())
          .isEqualTo(Kind.TRANSIENT);
      assertThat(MongoErrorClassifier.classify(error, Read.SNAPSHOT))
          .as(error.getClass().getSimpleName())
          .isEqualTo(Kind.TRANSIENT);
    }
  }

  @Test
  void retriesKilledSnapshotQueriesButNotKilledChangeStreams() {
    for (int code : new int[] {175, 11601, 237}) {
      MongoQueryException error =
          new MongoQueryException(
              BsonDocument.parse("{ok: 0, code: " + code + ", errmsg: 'killed'}"), SERVER);
      assertThat(MongoErrorClassifier.classify(error, Read.SNAPSHOT)).isEqualTo(Kind.TRANSIENT);
      assertThat(MongoErrorClassifier.classify(error, Read.CHANGE_STREAM)).isEqualTo(Kind.FATAL);
    }
    MongoCursorNotFoundException lost =
        new MongoCursorNotFoundException(
            42L, BsonDocument.parse("{ok: 0, code: 43, errmsg: 'cursor id 42 not found'}"), SERVER);
    assertThat(MongoErrorClassifier.classify(lost, Read.SNAPSHOT)).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void tellsLostHistoryFromAPipelineThatModifiedTheResumeToken() {
    assertThat(
            MongoErrorClassifier.classify(
                serverError(286, "Resume of change stream was not possible"), Read.CHANGE_STREAM))
        .isEqualTo(Kind.HISTORY_LOST);
    assertThat(
            MongoErrorClassifier.classify(
                serverError(
                    280,
                    "cannot resume stream; the resume token was not found. {_data: \\\"8263\\\"}",
                    "NonResumableChangeStreamError"),
                Read.CHANGE_STREAM))
        .isEqualTo(Kind.HISTORY_LOST);
    assertThat(
            MongoErrorClassifier.classify(
                serverError(
                    280,
                    "Encountered an event whose _id field, which contains the resume token, was"
                        + " modified by the pipeline.",
                    "NonResumableChangeStreamError"),
                Read.CHANGE_STREAM))
        .isEqualTo(Kind.PIPELINE_MODIFIES_ID);
  }

  @Test
  void failsOnEverythingElse() {
    assertThat(
            MongoErrorClassifier.classify(
                serverError(13, "not authorized on shop to execute command"), Read.SNAPSHOT))
        .isEqualTo(Kind.FATAL);
    assertThat(MongoErrorClassifier.classify(new IllegalStateException("x"), Read.SNAPSHOT))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void failsOnASocketErrorCausedByARefusedCertificate() {
    MongoSocketOpenException error =
        new MongoSocketOpenException(
            "Exception opening socket",
            SERVER,
            new SSLHandshakeException("PKIX path building failed"));
    assertThat(MongoErrorClassifier.classify(error, Read.CHANGE_STREAM)).isEqualTo(Kind.FATAL);
    assertThat(PermanentConnectionFault.remedy(error)).get().asString().contains("mongodb.ssl.");
    CertificateException expired = new CertificateExpiredException("NotAfter: 2020");
    assertThat(
            MongoErrorClassifier.classify(
                new MongoSocketOpenException("Exception opening socket", SERVER, expired),
                Read.SNAPSHOT))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void failsOnAClearedPoolWhoseCauseIsARefusedCertificateOrCredential() {
    // The driver clears the pool with the handshake's error as the cause: retrying would not cure
    // it.
    ServerId server = new ServerId(new ClusterId(), SERVER);
    MongoConnectionPoolClearedException tls =
        new MongoConnectionPoolClearedException(
            server,
            new MongoSocketOpenException(
                "Exception opening socket",
                SERVER,
                new SSLHandshakeException("PKIX path building failed")));
    MongoConnectionPoolClearedException credentials =
        new MongoConnectionPoolClearedException(
            server,
            new MongoSecurityException(
                MongoCredential.createScramSha256Credential(
                    "reader", "admin", "secret".toCharArray()),
                "Exception authenticating"));
    for (MongoException error : new MongoException[] {tls, credentials}) {
      assertThat(MongoErrorClassifier.classify(error, Read.CHANGE_STREAM))
          .as(error.getCause().getClass().getSimpleName())
          .isEqualTo(Kind.FATAL);
      assertThat(MongoErrorClassifier.classify(error, Read.SNAPSHOT))
          .as(error.getCause().getClass().getSimpleName())
          .isEqualTo(Kind.FATAL);
    }
  }

  @Test
  void failsOnAServerSelectionTimeoutWhoseServersRefusedTheCredentials() {
    // The driver's timeout has no cause: each server's last error is only in the message.
    MongoTimeoutException error =
        new MongoTimeoutException(
            "Timed out after 30000 ms while waiting to connect. Client view of cluster state is"
                + " {type=UNKNOWN, servers=[{address=db.example:27017, type=UNKNOWN,"
                + " state=CONNECTING, exception={com.mongodb.MongoSecurityException: Exception"
                + " authenticating MongoCredential{mechanism=SCRAM-SHA-256, userName='reader'}}}]");
    assertThat(MongoErrorClassifier.classify(error, Read.CHANGE_STREAM)).isEqualTo(Kind.FATAL);
    assertThat(PermanentConnectionFault.remedy(error)).get().asString().contains("mongodb.uri");
  }

  @Test
  void keepsRetryingATimeoutWithoutAPermanentCause() {
    MongoTimeoutException error =
        new MongoTimeoutException(
            "Timed out after 30000 ms while waiting to connect. Client view of cluster state is"
                + " {servers=[{exception={com.mongodb.MongoSocketOpenException: Exception opening"
                + " socket}, caused by {java.net.ConnectException: Connection refused}}]");
    assertThat(MongoErrorClassifier.classify(error, Read.CHANGE_STREAM)).isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void tellsAFragmentTokenTheStreamCannotResumeFromFromLostHistory() {
    assertThat(
            MongoErrorClassifier.classify(
                serverError(
                    280,
                    "To resume from a split event, the $changeStream pipeline must include a"
                        + " $changeStreamSplitLargeEvent stage"),
                Read.CHANGE_STREAM))
        .isEqualTo(Kind.SPLIT_EVENT_RESUME);
    assertThat(
            MongoErrorClassifier.classify(
                serverError(
                    280,
                    "Attempted to resume from a split event fragment, but the event in the resumed"
                        + " stream was not large enough to be split"),
                Read.CHANGE_STREAM))
        .isEqualTo(Kind.SPLIT_EVENT_RESUME);
    assertThat(
            MongoErrorClassifier.classify(
                serverError(280, "cannot resume stream; the resume token was not found."),
                Read.CHANGE_STREAM))
        .isEqualTo(Kind.HISTORY_LOST);
  }
}
