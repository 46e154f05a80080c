package io.mongoelastic.sink.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mongoelastic.sink.document.ActionNdjson;
import io.mongoelastic.sink.document.MalformedDocumentBehavior;
import io.mongoelastic.sink.metrics.SinkTaskMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BulkDispatcherTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);

  /** A fake cluster applying items in order, rejecting some, failing some requests whole. */
  private static final class FlakyCluster implements BulkTransport {
    final Map<String, Long> applied = new ConcurrentHashMap<>();
    final Map<String, List<Long>> history = new ConcurrentHashMap<>();
    final Set<String> inFlightKeys = ConcurrentHashMap.newKeySet();
    final AtomicInteger overlaps = new AtomicInteger();
    final AtomicInteger sends = new AtomicInteger();

    @Override
    public List<ItemResult> send(List<PendingAction> batch, byte[] body)
        throws BulkRequestSender.RequestFailedException {
      Set<String> mine = new HashSet<>();
      for (PendingAction action : batch) {
        if (mine.add(action.key) && !inFlightKeys.add(action.key)) {
          overlaps.incrementAndGet();
        }
      }
      try {
        Thread.sleep(ThreadLocalRandom.current().nextInt(3));
        if (sends.incrementAndGet() % 7 == 0) {
          throw new BulkRequestSender.RequestFailedException("simulated outage", null);
        }
        List<ItemResult> results = new ArrayList<>();
        for (PendingAction action : batch) {
          if (ThreadLocalRandom.current().nextInt(4) == 0) {
            results.add(new ItemResult(429, "es_rejected_execution_exception", "busy"));
          } else {
            history.computeIfAbsent(action.key, k -> new ArrayList<>()).add(action.sequence);
            applied.put(action.key, action.sequence);
            results.add(ItemResult.OK);
          }
        }
        return results;
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      } finally {
        inFlightKeys.removeAll(mine);
      }
    }
  }

  @Test
  void neverAppliesAnOlderWriteAfterANewerOneDespiteRetries() {
    FlakyCluster cluster = new FlakyCluster();
    OffsetTracker offsets = new OffsetTracker();
    offsets.open(List.of(TP));
    BulkSettings settings = new BulkSettings(20, 1 << 20, 5, 4, 1 << 30, 60_000, 1, 5);
    Map<String, Long> lastSequence = new HashMap<>();
    try (BulkDispatcher dispatcher = dispatcher(settings, cluster, offsets)) {
      for (int offset = 0; offset < 2_000; offset++) {
        String id = "doc-" + ThreadLocalRandom.current().nextInt(50);
        offsets.received(TP, offset);
        dispatcher.add(record(offset), TP, offset, action(id));
        lastSequence.put("i\u0000" + id, (long) offset + 1);
      }
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> offsets.committable().get(TP).offset() == 2_000);
      assertThat(dispatcher.failure()).isNull();
      assertThat(dispatcher.bufferedBytes()).isZero();
    }
    assertThat(cluster.overlaps).hasValue(0);
    assertThat(cluster.applied).isEqualTo(lastSequence);
    // An older write retried after a newer one of the same request is followed by the newer again.
    cluster
        .history
        .values()
        .forEach(
            seqs ->
                assertThat(seqs.get(seqs.size() - 1))
                    .isEqualTo(seqs.stream().mapToLong(Long::longValue).max().orElseThrow()));
  }

  @Test
  void failsWithAHelpfulMessageWhenTheRetryBudgetIsSpent() {
    BulkTransport down =
        (batch, body) -> {
          throw new BulkRequestSender.RequestFailedException("Connection refused", null);
        };
    OffsetTracker offsets = new OffsetTracker();
    offsets.open(List.of(TP));
    BulkSettings settings = new BulkSettings(20, 1 << 20, 5, 1, 1 << 30, 200, 10, 20);
    try (BulkDispatcher dispatcher = dispatcher(settings, down, offsets)) {
      offsets.received(TP, 0);
      dispatcher.add(record(0), TP, 0, action("x"));
      await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.failure() != null);
      assertThat(dispatcher.failure().getMessage())
          .contains("retry.budget.ms=200", "Connection refused", "elasticsearch.urls");
      assertThat(offsets.committable().get(TP).offset()).isZero();
    }
  }

  @Test
  void accumulatesActionsWhileEverySlotIsBusyAndSendsThemAsOneRequest() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    List<Integer> requestSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    BulkTransport slow =
        (batch, body) -> {
          requestSizes.add(batch.size());
          try {
            release.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          return batch.stream().map(a -> ItemResult.OK).toList();
        };
    OffsetTracker offsets = new OffsetTracker();
    offsets.open(List.of(TP));
    BulkSettings settings = new BulkSettings(1_000, 1 << 20, 0, 1, 1 << 30, 60_000, 1, 5);
    try (BulkDispatcher dispatcher = dispatcher(settings, slow, offsets)) {
      offsets.received(TP, 0);
      dispatcher.add(record(0), TP, 0, action("first"));
      await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.inFlight() == 1);
      for (int offset = 1; offset <= 50; offset++) {
        offsets.received(TP, offset);
        dispatcher.add(record(offset), TP, offset, action("doc-" + offset));
      }
      release.countDown();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> offsets.committable().get(TP).offset() == 51);
    }
    assertThat(requestSizes).containsExactly(1, 50);
  }

  @Test
  void sendsAFullRequestWithoutWaitingForTheLinger() {
    List<Integer> requestSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    BulkTransport cluster =
        (batch, body) -> {
          requestSizes.add(batch.size());
          return batch.stream().map(a -> ItemResult.OK).toList();
        };
    OffsetTracker offsets = new OffsetTracker();
    offsets.open(List.of(TP));
    // A linger of ten minutes: only the size limit can send these within the test's patience.
    BulkSettings settings = new BulkSettings(10, 1 << 20, 600_000, 2, 1 << 30, 60_000, 1, 5);
    try (BulkDispatcher dispatcher = dispatcher(settings, cluster, offsets)) {
      for (int offset = 0; offset < 10; offset++) {
        offsets.received(TP, offset);
        dispatcher.add(record(offset), TP, offset, action("doc-" + offset));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> offsets.committable().get(TP).offset() == 10);
    }
    assertThat(requestSizes).containsExactly(10);
  }

  @Test
  void indexesARefusedDocumentAgainAtOnceWithTheRefusedFieldKeptUnindexed() {
    List<String> bodies = new ArrayList<>();
    BulkTransport cluster =
        (batch, body) -> {
          String text = new String(body, StandardCharsets.UTF_8);
          synchronized (bodies) {
            bodies.add(text);
          }
          return List.of(
              text.contains("_mongoelastic")
                  ? ItemResult.OK
                  : new ItemResult(
                      400,
                      "document_parsing_exception",
                      "[1:17] failed to parse field [mix] of type [long] in document with id"
                          + " 'm'"));
        };
    SinkTaskMetrics metrics = settleOne(cluster, true, "{\"n\":0.1,\"mix\":[1,{\"a\":1}]}");
    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(1))
        .startsWith("{\"index\":{\"_index\":\"i\",\"_id\":\"m\"}}\n{\"n\":0.1,")
        .contains("\"_mongoelastic\":{\"unindexed\":[\"mix\"]")
        .endsWith("}\n");
    assertThat(metrics.getKeptUnindexedTotal()).isEqualTo(1);
    assertThat(metrics.getRetriesTotal()).isZero();
  }

  @Test
  void handsARefusedDocumentToThePolicyWhenTheFallbackIsOff() {
    BulkTransport cluster =
        (batch, body) ->
            List.of(
                new ItemResult(
                    400, "document_parsing_exception", "failed to parse field [x] of type [long]"));
    SinkTaskMetrics metrics = settleOne(cluster, false, "{\"x\":{}}");
    assertThat(metrics.getMalformedSkippedTotal()).isEqualTo(1);
    assertThat(metrics.getKeptUnindexedTotal()).isZero();
  }

  /**
   * Sends one index action of {@code document} through a dispatcher whose malformed-document policy
   * is 'ignore'; returns once its offset is done.
   */
  private static SinkTaskMetrics settleOne(
      BulkTransport cluster, boolean keepUnindexed, String document) {
    OffsetTracker offsets = new OffsetTracker();
    offsets.open(List.of(TP));
    SinkTaskMetrics metrics = new SinkTaskMetrics();
    MalformedRecordHandler malformed =
        new MalformedRecordHandler(MalformedDocumentBehavior.IGNORE, null, offsets, metrics);
    BulkSettings settings = new BulkSettings(20, 1 << 20, 1, 1, 1 << 30, 60_000, 1, 5);
    byte[] line =
        ("{\"index\":{\"_index\":\"i\",\"_id\":\"m\"}}\n" + document + "\n")
            .getBytes(StandardCharsets.UTF_8);
    try (BulkDispatcher dispatcher =
        new BulkDispatcher(settings, cluster, offsets, malformed, keepUnindexed, metrics, "test")) {
      offsets.received(TP, 0);
      dispatcher.add(
          record(0), TP, 0, new ActionEncoder.Action("i", "m", ActionNdjson.of(line), false));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  offsets.committable().containsKey(TP)
                      && offsets.committable().get(TP).offset() == 1);
      assertThat(dispatcher.failure()).isNull();
    }
    return metrics;
  }

  private static BulkDispatcher dispatcher(
      BulkSettings settings, BulkTransport transport, OffsetTracker offsets) {
    SinkTaskMetrics metrics = new SinkTaskMetrics();
    MalformedRecordHandler malformed =
        new MalformedRecordHandler(MalformedDocumentBehavior.FAIL, null, offsets, metrics);
    return new BulkDispatcher(settings, transport, offsets, malformed, true, metrics, "test");
  }

  private static SinkRecord record(long offset) {
    return new SinkRecord("t", 0, null, "k", null, "v", offset);
  }

  private static ActionEncoder.Action action(String id) {
    byte[] line =
        ("{\"index\":{\"_index\":\"i\",\"_id\":\"" + id + "\"}}\n{}\n")
            .getBytes(StandardCharsets.UTF_8);
    return new ActionEncoder.Action("i", id, ActionNdjson.of(line), false);
  }
}
