package io.mongoelastic.benchmarks;

/**
 * One freshness run: latencies from the MongoDB write to the change being visible through a
 * real-time GET on Elasticsearch.
 */
record FreshnessResult(
    long operations,
    long observed,
    double achievedRate,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double maxMs,
    double heapMiB,
    String note) {}
