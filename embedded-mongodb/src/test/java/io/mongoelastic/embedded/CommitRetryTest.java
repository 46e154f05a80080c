package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A driver retries {@code commitTransaction} when it lost the first reply, possibly while the first
 * is still being applied. On MongoDB the retry gets the commit's result; a 251 NoSuchTransaction
 * instead would make {@code withTransaction} run the whole transaction again.
 */
class CommitRetryTest {

  @Test
  void aCommitRetriedWhileTheFirstRunsSucceedsAndCommitsOnce() throws Exception {
    ChangeLog log =
        new ChangeLog(
            new ClusterClock(Clock.systemUTC()),
            new OplogBounds(1_000_000, Long.MAX_VALUE, Duration.ofDays(1)));
    ReplicaSetBackend backend =
        new ReplicaSetBackend(new ReplicaSetIdentity("rs0"), new ChangeRecorder(log));
    backend.enableOplog();
    Channel channel = new EmbeddedChannel();
    Document lsid = new Document("id", UUID.randomUUID());
    // Enough held writes that the commit takes a while to apply.
    int size = 2000;
    for (int i = 0; i < size; i++) {
      Document insert =
          inTransaction(
              new Document("insert", "items").append("documents", List.of(new Document("_id", i))),
              lsid);
      if (i == 0) {
        insert.append("startTransaction", true);
      }
      assertThat(ok(backend.handleCommand(channel, "db", "insert", insert))).isTrue();
    }
    long before = log.size();

    ExecutorService clients = Executors.newFixedThreadPool(2);
    try {
      Future<Document> first =
          clients.submit(
              () -> backend.handleCommand(channel, "admin", "commitTransaction", commit(lsid)));
      Future<Document> retry =
          clients.submit(
              () -> backend.handleCommand(channel, "admin", "commitTransaction", commit(lsid)));

      Document firstReply = first.get();
      Document retryReply = retry.get();
      assertThat(ok(firstReply)).as(firstReply.toString()).isTrue();
      assertThat(ok(retryReply)).as(retryReply.toString()).isTrue();
    } finally {
      clients.shutdownNow();
      backend.close();
    }
    assertThat(log.size() - before).as("applied and recorded once").isEqualTo(size);
  }

  private static Document commit(Document lsid) {
    return inTransaction(new Document("commitTransaction", 1), lsid);
  }

  private static Document inTransaction(Document command, Document lsid) {
    return command.append("lsid", lsid).append("txnNumber", 1L).append("autocommit", false);
  }

  private static boolean ok(Document reply) {
    return reply.get("ok") instanceof Number ok && ok.doubleValue() == 1.0;
  }
}
