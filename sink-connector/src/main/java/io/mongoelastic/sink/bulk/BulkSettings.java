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
    long backoffMaxMs) {}
