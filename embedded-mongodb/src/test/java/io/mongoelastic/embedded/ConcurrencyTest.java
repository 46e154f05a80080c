package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** A client waiting in a change-stream getMore never holds up other connections. */
class ConcurrencyTest {

  @Test
  void waitingGetMoresDoNotStallOtherConnectionsOnTheSameEventLoop() throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().eventLoops(1).start();
        MongoClient waiting = MongoClients.create(mongo.connectionString());
        MongoClient writing = MongoClients.create(mongo.connectionString())) {
      MongoDatabase db = waiting.getDatabase("db");
      db.createCollection("items");
      ExecutorService getMoreThreads = Executors.newFixedThreadPool(4);
      List<CompletableFuture<Document>> getMores = new ArrayList<>();
      List<ClientSession> sessions = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ClientSession session = waiting.startSession();
        sessions.add(session);
        long id =
            db.runCommand(
                    session,
                    new Document("aggregate", 1)
                        .append(
                            "pipeline",
                            List.of(
                                new Document("$changeStream", new Document()),
                                new Document("$match", new Document("ns.coll", "never"))))
                        .append("cursor", new Document()))
                .get("cursor", Document.class)
                .getLong("id");
        getMores.add(
            CompletableFuture.supplyAsync(
                () ->
                    db.runCommand(
                        session,
                        new Document("getMore", id)
                            .append("collection", "$cmd.aggregate")
                            .append("maxTimeMS", 30_000L)),
                getMoreThreads));
      }

      // Give the four getMores time to reach the server and start waiting (30 s each).
      Thread.sleep(1000);
      // The writes must complete long before the getMores return.
      CompletableFuture<Void> writes =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 50; i++) {
                  writing
                      .getDatabase("db")
                      .getCollection("items")
                      .insertOne(new Document("_id", i));
                }
              });
      writes.get(15, TimeUnit.SECONDS);

      assertThat(writing.getDatabase("db").getCollection("items").countDocuments()).isEqualTo(50);
      assertThat(getMores).noneMatch(CompletableFuture::isDone);
      getMoreThreads.shutdownNow();
      sessions.forEach(ClientSession::close);
    }
  }
}
