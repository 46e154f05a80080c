package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Java API of the fail points ({@link EmbeddedMongo#failPoints()}), without a client. */
class FailPointsTest {
  private static EmbeddedMongo mongo;
  private static MongoClient client;

  @BeforeAll
  static void start() {
    mongo = EmbeddedMongo.start();
    client = MongoClients.create(mongo.connectionString());
  }

  @AfterAll
  static void stop() {
    client.close();
    mongo.close();
  }

  @AfterEach
  void turnOff() {
    mongo.failPoints().off(FailPoints.FAIL_COMMAND);
    mongo.failPoints().off(FailPoints.FAIL_GET_MORE_AFTER_CURSOR_CHECKOUT);
  }

  @Test
  void failCommandFromJavaFailsTheNextCommandsAndCountsThem() {
    MongoDatabase db = client.getDatabase("api");
    long before = mongo.failPoints().failCommand("count").errorCode(91).times(1);

    assertThatThrownBy(() -> db.runCommand(new Document("count", "items")))
        .isInstanceOfSatisfying(
            MongoCommandException.class,
            e -> assertThat(e.getErrorCodeName()).isEqualTo("ShutdownInProgress"));
    assertThat(db.runCommand(new Document("count", "items")).get("n")).isEqualTo(0);
    assertThat(mongo.failPoints().timesEntered(FailPoints.FAIL_COMMAND)).isEqualTo(before + 1);
  }

  @Test
  void closeConnectionFromJava() {
    MongoDatabase db = client.getDatabase("api");
    mongo.failPoints().failCommand("count").closeConnection().times(1);

    assertThatThrownBy(() -> db.runCommand(new Document("count", "items")))
        .isInstanceOf(MongoSocketException.class);
    assertThat(db.runCommand(new Document("count", "items")).get("n")).isEqualTo(0);
  }

  @Test
  void appNameThatNoConnectionHasSelectsNothing() {
    MongoDatabase db = client.getDatabase("api");
    mongo
        .failPoints()
        .failCommand("count")
        .appName("someone-else")
        .blockConnection(Duration.ofSeconds(5))
        .errorCode(2)
        .alwaysOn();

    assertThat(db.runCommand(new Document("count", "items")).get("n")).isEqualTo(0);
  }

  @Test
  void unknownFailPointIsFailPointSetFailed() {
    assertThatThrownBy(
            () ->
                client
                    .getDatabase("admin")
                    .runCommand(
                        new Document("configureFailPoint", "noSuchPoint").append("mode", "off")))
        .isInstanceOfSatisfying(
            MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(266));
    assertThatThrownBy(() -> mongo.failPoints().off("noSuchPoint"))
        .hasMessageContaining("noSuchPoint not found");
  }

  @Test
  void blockConnectionWithoutBlockTimeIsInvalidOptions() {
    client
        .getDatabase("admin")
        .runCommand(
            new Document("configureFailPoint", "failCommand")
                .append("mode", new Document("times", 1))
                .append(
                    "data",
                    new Document("failCommands", List.of("count"))
                        .append("blockConnection", true)));

    assertThatThrownBy(() -> client.getDatabase("api").runCommand(new Document("count", "items")))
        .isInstanceOfSatisfying(
            MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(72));
  }
}
