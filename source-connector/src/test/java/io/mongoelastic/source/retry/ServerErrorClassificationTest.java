package io.mongoelastic.source.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.mongoelastic.harness.SharedServices;
import io.mongoelastic.source.retry.MongoErrorClassifier.Kind;
import io.mongoelastic.source.retry.MongoErrorClassifier.Read;
import io.mongoelastic.source.stream.HistoryLost;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The classifier on the errors a MongoDB server really sends (the embedded one by default). */
class ServerErrorClassificationTest {
  private static MongoCollection<Document> collection(String name) {
    return SharedServices.mongo()
        .client()
        .getDatabase("classify" + System.nanoTime())
        .getCollection(name);
  }

  private static Throwable firstEventError(MongoChangeStreamCursor<?> cursor) {
    return catchThrowable(
        () -> {
          for (int i = 0; i < 50 && cursor.tryNext() == null; i++) {
            // the event may take a getMore or two to arrive
          }
        });
  }

  @Test
  void aPipelineThatRemovesIdIsAConfigurationErrorNotLostHistory() {
    MongoCollection<Document> coll = collection("pipeline");
    coll.insertOne(new Document("_id", 0));
    Throwable error;
    try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor =
        coll.watch(List.of(BsonDocument.parse("{\"$project\": {\"_id\": 0}}")))
            .maxAwaitTime(10, TimeUnit.MILLISECONDS)
            .cursor()) {
      coll.insertOne(new Document("_id", 1));
      error = firstEventError(cursor);
    }
    assertThat(error).isNotNull();
    assertThat(MongoErrorClassifier.classify(error, Read.CHANGE_STREAM))
        .as(String.valueOf(error))
        .isEqualTo(Kind.PIPELINE_MODIFIES_ID);
    assertThat(HistoryLost.is(error)).isFalse();
  }

  @Test
  void aResumeTokenNoLongerInTheOplogIsLostHistory() {
    assumeTrue(SharedServices.mongo().isEmbedded(), "needs the embedded server's oplog trimming");
    MongoCollection<Document> coll = collection("history");
    BsonDocument token;
    try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor =
        coll.watch().maxAwaitTime(10, TimeUnit.MILLISECONDS).cursor()) {
      coll.insertOne(new Document("_id", 1));
      ChangeStreamDocument<Document> event = null;
      for (int i = 0; i < 50 && event == null; i++) {
        event = cursor.tryNext();
      }
      assertThat(event).isNotNull();
      token = event.getResumeToken();
    }
    coll.insertOne(new Document("_id", 2));
    SharedServices.mongo().embedded().trimOplog();
    Throwable error =
        catchThrowable(
            () -> {
              try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor =
                  coll.watch().resumeAfter(token).cursor()) {
                cursor.tryNext();
              }
            });
    assertThat(MongoErrorClassifier.classify(error, Read.CHANGE_STREAM))
        .as(String.valueOf(error))
        .isEqualTo(Kind.HISTORY_LOST);
    assertThat(HistoryLost.is(error)).isTrue();
  }
}
