package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static io.mongoelastic.embedded.conformance.FailPointTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Error labels as a MongoDB 4.4+ server attaches them and as the drivers act on them: the
 * change-streams spec ("Resumable Error": on 4.4+ only errors labelled ResumableChangeStreamError,
 * CursorNotFound and network errors are resumed) and the retryable-writes spec (on 4.4+ only errors
 * labelled RetryableWriteError are retried), with the server's labelling rules
 * (ResumableChangeStreamError for retriable, network and retargeting codes on a change stream's
 * aggregate/getMore; NonResumableChangeStreamError for 280 and 286; failCommand's errorLabels
 * replacing them all).
 */
class ErrorLabelTest extends ConformanceTest {
  private static final String RESUMABLE = "ResumableChangeStreamError";
  private static final String NON_RESUMABLE = "NonResumableChangeStreamError";

  /**
   * A change stream's getMore failing with a resumable code (HostUnreachable, 6) carries
   * ResumableChangeStreamError; the same error on a find cursor's getMore does not. Source:
   * change-streams spec "Resumable Error" (4.4+ servers label them) and the server's rule (only a
   * change stream's aggregate/getMore).
   */
  @Test
  void resumableCodeOnAChangeStreamGetMoreIsLabelled() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoDatabase db = fp.freshDatabase();
      db.createCollection("items");
      for (int i = 0; i < 3; i++) {
        db.getCollection("items").insertOne(new Document("_id", i));
      }
      long stream = cursorId(db.runCommand(changeStream("items")));
      long find = cursorId(db.runCommand(new Document("find", "items").append("batchSize", 1)));
      fp.failCommands(new Document("times", 2), new Document("errorCode", 6), "getMore");

      assertFails(
          () -> db.runCommand(getMore(stream, "items")),
          e -> assertThat(e.getErrorLabels()).containsExactly(RESUMABLE));
      assertFails(
          () -> db.runCommand(getMore(find, "items")),
          e -> assertThat(e.getErrorLabels()).doesNotContain(RESUMABLE));
    }
  }

  /**
   * The driver resumes a change stream after a labelled resumable getMore error, and no event
   * written around the failure is lost or repeated. Source: change-streams spec "Resume Process".
   */
  @Test
  void driverResumesAfterAResumableGetMoreErrorWithoutLosingEvents() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoCollection<Document> items = fp.freshDatabase().getCollection("items");
      try (var cursor = open(items.watch())) {
        items.insertOne(new Document("_id", 1));
        assertThat(take(cursor, 1).get(0).getDocumentKey().getInt32("_id").getValue()).isEqualTo(1);
        fp.failCommands(new Document("times", 1), new Document("errorCode", 6), "getMore");
        items.insertOne(new Document("_id", 2));
        items.insertOne(new Document("_id", 3));

        assertThat(take(cursor, 2))
            .extracting(event -> event.getDocumentKey().getInt32("_id").getValue())
            .containsExactly(2, 3);
      }
    }
  }

  /**
   * The same happens after {@code failGetMoreAfterCursorCheckout}: the server labels the getMore
   * error of the change stream, and the driver resumes from its last token. Source: change-streams
   * spec tests that use this fail point.
   */
  @Test
  void driverResumesAfterFailGetMoreAfterCursorCheckout() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoCollection<Document> items = fp.freshDatabase().getCollection("items");
      try (var cursor = open(items.watch())) {
        items.insertOne(new Document("_id", 1));
        take(cursor, 1);
        fp.configure(
            "failGetMoreAfterCursorCheckout",
            new Document("times", 1),
            new Document("errorCode", 91));
        items.insertOne(new Document("_id", 2));

        assertThat(take(cursor, 1).get(0).getDocumentKey().getInt32("_id").getValue()).isEqualTo(2);
      }
    }
  }

  /**
   * An unlabelled error (BadValue, 2) on a 4.4+ server is not resumed: the stream fails. Source:
   * change-streams spec "Resumable Error".
   */
  @Test
  void nonResumableGetMoreErrorEndsTheStream() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoCollection<Document> items = fp.freshDatabase().getCollection("items");
      try (var cursor = open(items.watch())) {
        fp.failCommands(new Document("times", 1), new Document("errorCode", 2), "getMore");
        items.insertOne(new Document("_id", 1));

        assertNextEventFailsUnlabelled(cursor, 2);
      }
    }
  }

  /**
   * failCommand's {@code errorLabels} replace the server's labels: an empty list makes a resumable
   * code fail the stream, a ResumableChangeStreamError label makes any code resumable. Source:
   * failCommand errorLabels (mongod 4.3.1+, replaces the server's labels).
   */
  @Test
  void failCommandErrorLabelsReplaceTheServersLabels() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoCollection<Document> items = fp.freshDatabase().getCollection("items");
      try (var cursor = open(items.watch())) {
        fp.failCommands(
            new Document("times", 1),
            new Document("errorCode", 2).append("errorLabels", List.of(RESUMABLE)),
            "getMore");
        items.insertOne(new Document("_id", 1));
        assertThat(take(cursor, 1)).hasSize(1);

        fp.failCommands(
            new Document("times", 1),
            new Document("errorCode", 6).append("errorLabels", List.of()),
            "getMore");
        items.insertOne(new Document("_id", 2));
        assertNextEventFailsUnlabelled(cursor, 6);
      }
    }
  }

  /**
   * A retryable write failing with a retriable code is labelled RetryableWriteError, so the driver
   * retries it once and the document is written exactly once. Source: retryable-writes spec (4.4+:
   * only errors labelled RetryableWriteError are retried).
   */
  @Test
  void retryableWriteErrorIsLabelledAndTheDriverRetries() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoCollection<Document> items = fp.freshDatabase().getCollection("items");
      long before =
          fp.failCommands(new Document("times", 1), new Document("errorCode", 262), "insert");

      items.insertOne(new Document("_id", 1));

      assertThat(items.countDocuments()).isEqualTo(1);
      assertThat(fp.off("failCommand") - before).isEqualTo(1);
    }
  }

  /**
   * A pipeline that removes {@code _id} fails with ChangeStreamFatalError (280), labelled
   * NonResumableChangeStreamError. Source: MongoDB change-events docs (the _id must not be
   * modified) and the NonResumableChangeStreamError category (280, 286).
   */
  @Test
  void pipelineRemovingIdFailsWithANonResumableError() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    try (var cursor =
        open(items.watch(List.of(new Document("$project", new Document("_id", 0)))))) {
      items.insertOne(new Document("_id", 1));
      assertThatThrownBy(() -> take(cursor, 1))
          .isInstanceOfSatisfying(
              MongoCommandException.class,
              e -> {
                assertThat(e.getErrorCode()).isEqualTo(280);
                assertThat(e.getErrorLabels()).contains(NON_RESUMABLE);
              });
    }
  }

  /**
   * An unknown stage in a change-stream pipeline is refused while parsing (40324); a known stage
   * that change streams do not allow is IllegalOperation (20). Source: MongoDB aggregation parsing
   * (Location40324) and the change-streams docs' list of allowed stages.
   */
  @Test
  void changeStreamPipelineStagesAreCheckedAsMongoDbDoes() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 1));

    assertThatThrownBy(() -> items.watch(List.of(new Document("$noSuchStage", 1))).cursor().close())
        .isInstanceOfSatisfying(
            MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(40324));
    assertThatThrownBy(
            () ->
                items
                    .watch(List.of(new Document("$group", new Document("_id", null))))
                    .cursor()
                    .close())
        .isInstanceOfSatisfying(
            MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(20));
  }

  /**
   * The stream's next event fails with {@code errorCode} and no label: the driver does not resume.
   */
  private static void assertNextEventFailsUnlabelled(MongoCursor<?> cursor, int errorCode) {
    assertThatThrownBy(() -> take(cursor, 1))
        .isInstanceOfSatisfying(
            MongoCommandException.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(errorCode);
              assertThat(e.getErrorLabels()).isEmpty();
            });
  }

  private static Document changeStream(String coll) {
    return new Document("aggregate", coll)
        .append("pipeline", List.of(new Document("$changeStream", new Document())))
        .append("cursor", new Document());
  }

  private static Document getMore(long cursorId, String coll) {
    return new Document("getMore", cursorId).append("collection", coll).append("maxTimeMS", 100L);
  }

  private static long cursorId(Document reply) {
    return reply.get("cursor", Document.class).getLong("id");
  }
}
