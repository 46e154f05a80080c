package io.mongoelastic.sink.bulk;

/** Sizing, timing and retry limits of the bulk path. */
public record BulkSettings(
    int maxActions,
    long maxBytes,
    long lingerMs,
    int concurrentRequests,
    long bufferMaxBytes,
    long retryBudgetMs,
    long backoffInitialMs,
    long backoffMaxMs) {

  /**
   * The settings of one of {@code tasks} tasks: {@code buffer.max.bytes} bounds the whole
   * connector, so each task gets an equal share of it, never less than one full request ({@code
   * bulk.max.bytes}).
   */
  public BulkSettings taskShare(int tasks) {
    long share = Math.max(maxBytes, bufferMaxBytes / Math.max(1, tasks));
    return new BulkSettings(
        maxActions,
        maxBytes,
        lingerMs,
        concurrentRequests,
        share,
        retryBudgetMs,
        backoffInitialMs,
        backoffMaxMs);
  }
}
