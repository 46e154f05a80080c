package io.mongoelastic.sink.bulk;

import io.mongoelastic.sink.document.ActionNdjson;
import io.mongoelastic.sink.metrics.SinkTaskMetrics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * What Elasticsearch's answer means for each action of a request: written or stale (its offset is
 * done), refused for now (sent again after a backoff, within the retry budget), refused for its
 * mapping (sent again at once with the refused part kept unindexed, when allowed), malformed (the
 * malformed-record policy), or fatal (the task fails). The caller holds the dispatcher's lock.
 */
final class ItemSettler {
  private final BulkSettings settings;
  private final PendingActions actions;
  private final OffsetTracker offsets;
  private final MalformedRecordHandler malformed;
  private final SinkTaskMetrics metrics;
  private final RetryBackoff backoff;
  private final Consumer<ConnectException> fail;

  ItemSettler(
      BulkSettings settings,
      PendingActions actions,
      OffsetTracker offsets,
      MalformedRecordHandler malformed,
      SinkTaskMetrics metrics,
      Consumer<ConnectException> fail) {
    this.settings = settings;
    this.actions = actions;
    this.offsets = offsets;
    this.malformed = malformed;
    this.metrics = metrics;
    this.backoff = new RetryBackoff(settings.backoffInitialMs(), settings.backoffMaxMs());
    this.fail = fail;
  }

  void settle(List<PendingAction> batch, List<ItemResult> results, ActionNdjson[] rewrites) {
    int written = 0;
    Set<String> retrying = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      PendingAction action = batch.get(i);
      ItemResult item = results.get(i);
      ItemVerdict verdict = ItemVerdict.of(item, action.versioned);
      if (retrying.contains(action.key) && verdict != ItemVerdict.FATAL) {
        // An earlier write of this document will be retried: send this one again after it, or
        // the retry would overwrite it. Idempotent; with versions the repeat is refused as stale.
        scheduleRetry(action, "resent after an earlier write of the same document");
        continue;
      }
      switch (verdict) {
        case DONE -> {
          written++;
          if (action.keptUnindexed) {
            metrics.keptUnindexed();
          }
          complete(action);
        }
        case STALE -> {
          metrics.conflict();
          complete(action);
        }
        case RETRY -> {
          if (item.status() == 429) {
            metrics.rejected();
          }
          retrying.add(action.key);
          scheduleRetry(action, ItemVerdict.safeReason(item));
        }
        case MALFORMED -> {
          if (rewrites != null
              && rewrites[i] != null) { // again at once, with the refused part kept unindexed
            action.ndjson = rewrites[i];
            action.keptUnindexed = true;
            action.notBeforeNanos = 0;
            retrying.add(action.key);
            actions.retryLater(action);
            continue;
          }
          forgetBytes(action);
          malformed.handle(
              action.record, action.partition, action.offset, ItemVerdict.safeReason(item));
        }
        case FATAL -> {
          forgetBytes(action);
          fail.accept(WriteFailures.refused(action, item));
        }
      }
    }
    metrics.written(written);
  }

  /** Sends {@code action} again after a backoff, or fails the task once its budget is spent. */
  void scheduleRetry(PendingAction action, String error) {
    long now = System.nanoTime();
    action.lastError = error;
    if (!offsets.isOpen(action.partition)) {
      forgetBytes(action);
      return; // revoked: the next owner writes it
    }
    long spentMs = TimeUnit.NANOSECONDS.toMillis(now - action.firstSentNanos);
    if (spentMs >= settings.retryBudgetMs()) {
      fail.accept(WriteFailures.budgetSpent(action, settings.retryBudgetMs(), error));
      return;
    }
    action.attempts++;
    action.notBeforeNanos = now + TimeUnit.MILLISECONDS.toNanos(backoff.delayMs(action.attempts));
    actions.retryLater(action);
    metrics.retried(1);
  }

  private void complete(PendingAction action) {
    forgetBytes(action);
    offsets.done(action.partition, action.offset);
  }

  private void forgetBytes(PendingAction action) {
    actions.settled(action);
  }
}
