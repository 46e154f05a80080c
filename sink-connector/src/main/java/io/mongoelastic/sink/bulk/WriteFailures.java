package io.mongoelastic.sink.bulk;

import org.apache.kafka.connect.errors.ConnectException;

/** The errors that fail the task for one write, each naming the record and what to check. */
final class WriteFailures {
  private WriteFailures() {}

  /** Elasticsearch refused the write for good (neither malformed nor retriable). */
  static ConnectException refused(PendingAction action, ItemResult item) {
    if (ItemVerdict.isMissingPipeline(item)) {
      return new ConnectException(
          "Elasticsearch refused a write because the ingest pipeline does not exist ("
              + ItemVerdict.safeReason(item)
              + "). Create the pipeline or fix the 'pipeline' setting.");
    }
    if (OlderVersionEncoding.storedIn(item)) {
      return new ConnectException(
          "Elasticsearch refused the write of "
              + action.describe()
              + " as stale: the stored document carries a version from an earlier build"
              + " (seconds << 32), larger than any version written now ("
              + ItemVerdict.safeReason(item)
              + "). Resync the index (see docs/resync.md) or delete it and let the source take a"
              + " new snapshot; see the upgrade note in docs/elasticsearch-sink.md.");
    }
    return new ConnectException(
        "Elasticsearch refused the write of "
            + action.describe()
            + " ("
            + ItemVerdict.safeReason(item)
            + "). Check the index and the user's privileges on it.");
  }

  /** The write was retried for longer than the retry budget. */
  static ConnectException budgetSpent(PendingAction action, long budgetMs, String lastError) {
    return new ConnectException(
        "Elasticsearch did not accept the write of "
            + action.describe()
            + " within retry.budget.ms="
            + budgetMs
            + " (last error: "
            + lastError
            + "). Check that elasticsearch.urls reaches a running, healthy cluster (no"
            + " red indices, disk below the flood-stage watermark), that the credentials"
            + " are valid, or raise retry.budget.ms.");
  }
}
