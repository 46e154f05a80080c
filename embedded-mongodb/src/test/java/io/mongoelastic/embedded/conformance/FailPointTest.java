package io.mongoelastic.embedded.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketException;
import com.mongodb.client.MongoDatabase;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The {@code configureFailPoint} test command of mongod ({@code enableTestCommands}) with the
 * {@code failCommand} and {@code failGetMoreAfterCursorCheckout} fail points, as the drivers' specs
 * use them (mongodb/specifications: unified test format "failPoint" operation, change-streams and
 * retryable-reads/writes tests) and as MongoDB's fail-point wiki documents them.
 */
class FailPointTest extends ConformanceTest {
  /**
   * {@code mode: {times: n}} fires on the next n commands the filter selects and then turns itself
   * off; commands it does not select do not use up a time; the reply's {@code count} is how often
   * the point had fired; a failed command carries the error code and its code name. Source: mongod
   * fail points (mongodb/mongo wiki "The failCommand fail point": modes and the entry count).
   */
  @Test
  void timesFailsOnlyTheNextSelectedCommands() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoDatabase db = seeded(fp);
      long before = fp.failCommands(new Document("times", 2), new Document("errorCode", 2), "find");

      assertThat(db.runCommand(new Document("count", "items")).get("n")).isNotNull();
      assertFails(() -> find(db), e -> assertThat(e.getErrorCodeName()).isEqualTo("BadValue"));
      assertFails(() -> find(db), e -> assertThat(e.getErrorCode()).isEqualTo(2));
      assertThat(find(db)).hasSize(1);

      assertThat(fp.off("failCommand") - before).isEqualTo(2);
    }
  }

  /**
   * {@code alwaysOn} fires on every selected command until the point is set {@code off}. Source:
   * mongod fail point modes (mongodb/mongo wiki "The failCommand fail point").
   */
  @Test
  void alwaysOnFailsUntilTurnedOff() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoDatabase db = seeded(fp);
      fp.failCommands("alwaysOn", new Document("errorCode", 20), "find");
      for (int i = 0; i < 3; i++) {
        assertFails(() -> find(db), e -> assertThat(e.getErrorCode()).isEqualTo(20));
      }
      fp.off("failCommand");
      assertThat(find(db)).hasSize(1);
    }
  }

  /**
   * {@code mode: {skip: n}} lets the next n selected commands pass, then fires on every one.
   * Source: mongod FailPoint modes (src/mongo/util/fail_point, skip).
   */
  @Test
  void skipLetsTheFirstSelectedCommandsPass() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoDatabase db = seeded(fp);
      long before = fp.failCommands(new Document("skip", 2), new Document("errorCode", 2), "find");
      assertThat(find(db)).hasSize(1);
      assertThat(find(db)).hasSize(1);
      assertFails(() -> find(db), e -> assertThat(e.getErrorCode()).isEqualTo(2));
      assertFails(() -> find(db), e -> assertThat(e.getErrorCode()).isEqualTo(2));
      assertThat(fp.off("failCommand") - before).isEqualTo(2);
    }
  }

  /**
   * {@code closeConnection: true} hangs up without a reply, so the driver sees a network error; the
   * next command runs on a new connection. Source: failCommand closeConnection as the drivers' SDAM
   * and retryable-reads spec tests use it.
   */
  @Test
  void closeConnectionHangsUpAndTheNextCommandRunsOnANewConnection() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoDatabase db = seeded(fp);
      fp.failCommands(new Document("times", 1), new Document("closeConnection", true), "find");

      assertThatThrownBy(() -> find(db)).isInstanceOf(MongoSocketException.class);
      assertThat(find(db)).hasSize(1);
    }
  }

  /**
   * {@code blockConnection: true} with {@code blockTimeMS} holds the command that long and then
   * runs it normally (no error code given). Source: failCommand blockConnection as the drivers'
   * CMAP and CSOT spec tests use it.
   */
  @Test
  void blockConnectionDelaysTheCommandThenRunsIt() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoDatabase db = seeded(fp);
      fp.failCommands(
          new Document("times", 1),
          new Document("blockConnection", true).append("blockTimeMS", 400),
          "find");

      long start = System.nanoTime();
      List<Document> found = find(db);
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

      assertThat(found).hasSize(1);
      assertThat(elapsedMillis).isGreaterThanOrEqualTo(350);
    }
  }

  /**
   * {@code appName} limits the point to connections whose handshake carried that application name;
   * another application's commands are neither failed nor counted. Source: failCommand appName
   * (mongod 4.4+), used by the drivers' spec tests that set fail points.
   */
  @Test
  void appNameLimitsThePointToThatApplication() {
    try (FailPointClient failing = FailPointClient.open(target);
        FailPointClient other = FailPointClient.open(target)) {
      MongoDatabase failingDb = seeded(failing);
      MongoDatabase otherDb = other.client().getDatabase(failingDb.getName());
      long before =
          failing.failCommands(new Document("times", 1), new Document("errorCode", 2), "find");

      assertThat(find(otherDb)).hasSize(1);
      assertFails(() -> find(failingDb), e -> assertThat(e.getErrorCode()).isEqualTo(2));
      assertThat(failing.off("failCommand") - before).isEqualTo(1);
    }
  }

  /**
   * {@code configureFailPoint} is an admin command: elsewhere it fails with Unauthorized (13).
   * Source: mongod admin-only commands (13 Unauthorized elsewhere).
   */
  @Test
  void configureFailPointRunsOnlyOnAdmin() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      assertFails(
          () ->
              fp.freshDatabase()
                  .runCommand(
                      new Document("configureFailPoint", "failCommand").append("mode", "off")),
          e -> assertThat(e.getErrorCode()).isEqualTo(13));
    }
  }

  /**
   * {@code failGetMoreAfterCursorCheckout} fails a getMore with its {@code errorCode} once the
   * cursor is checked out; mongod then deletes the cursor, so the next getMore finds none (43).
   * Source: mongod getMore command (the fail point; the cursor deleted on early return).
   */
  @Test
  void failGetMoreAfterCursorCheckoutFailsTheGetMoreAndEndsTheCursor() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoDatabase db = fp.freshDatabase();
      for (int i = 0; i < 5; i++) {
        db.getCollection("items").insertOne(new Document("_id", i));
      }
      Document first = db.runCommand(new Document("find", "items").append("batchSize", 2));
      long cursorId = first.get("cursor", Document.class).getLong("id");
      Document getMore = new Document("getMore", cursorId).append("collection", "items");
      fp.configure("failGetMoreAfterCursorCheckout", "alwaysOn", new Document("errorCode", 91));

      assertFails(() -> db.runCommand(getMore), e -> assertThat(e.getErrorCode()).isEqualTo(91));
      fp.off("failGetMoreAfterCursorCheckout");
      assertFails(() -> db.runCommand(getMore), e -> assertThat(e.getErrorCode()).isEqualTo(43));
    }
  }

  /**
   * {@code writeConcernError} is added to the reply of a write command that succeeded: the write
   * happened, the reply reports the write concern failure. Source: failCommand writeConcernError as
   * the drivers' retryable-writes spec tests use it.
   */
  @Test
  void writeConcernErrorIsAddedToASuccessfulWrite() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoDatabase db = fp.freshDatabase();
      fp.failCommands(
          new Document("times", 1),
          new Document(
              "writeConcernError",
              new Document("code", 100).append("errmsg", "injected write concern error")),
          "insert");

      Document reply =
          db.runCommand(
              new Document("insert", "items").append("documents", List.of(new Document("_id", 1))));

      assertThat(reply.get("writeConcernError", Document.class).get("code")).isEqualTo(100);
      assertThat(reply.get("n")).isEqualTo(1);
      assertThat(db.getCollection("items").countDocuments()).isEqualTo(1);
    }
  }

  private static MongoDatabase seeded(FailPointClient fp) {
    MongoDatabase db = fp.freshDatabase();
    db.getCollection("items").insertOne(new Document("_id", 1));
    return db;
  }

  /** A find through runCommand: the driver never retries runCommand, so each try is one command. */
  private static List<Document> find(MongoDatabase db) {
    return db.runCommand(new Document("find", "items"))
        .get("cursor", Document.class)
        .getList("firstBatch", Document.class);
  }

  /**
   * A database-level change stream ({@code aggregate: 1}) runs on {@code <db>.$cmd.aggregate},
   * which its getMores name as their collection too: a point limited to that namespace fails the
   * stream and leaves the collections' own commands alone. Source: mongod's failCommand compares
   * the command's namespace; a collectionless aggregate's namespace is {@code db.$cmd.aggregate}
   * (the {@code ns} of its cursor reply).
   */
  @Test
  void aNamespaceOfCmdAggregateSelectsADatabaseStream() {
    try (FailPointClient fp = FailPointClient.open(target)) {
      MongoDatabase db = seeded(fp);
      long before =
          fp.failCommands(
              new Document("times", 1),
              new Document("namespace", db.getName() + ".$cmd.aggregate").append("errorCode", 2),
              "aggregate",
              "find");

      assertThat(find(db)).hasSize(1);
      assertFails(
          () -> db.watch().cursor().close(), e -> assertThat(e.getErrorCode()).isEqualTo(2));
      assertThat(fp.off("failCommand") - before).isEqualTo(1);
    }
  }

  static void assertFails(Runnable command, Consumer<MongoCommandException> check) {
    assertThatThrownBy(command::run)
        .isInstanceOfSatisfying(MongoCommandException.class, check::accept);
  }
}
