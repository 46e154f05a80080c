package io.mongoelastic.benchmarks;

/**
 * One timed change of a freshness run, in nanoseconds: when it was written, counted from the moment
 * both connectors were RUNNING, and how long after the write it was in Kafka (-1 when the topic tap
 * missed it), in a bulk request on its way to Elasticsearch, and acknowledged by Elasticsearch.
 */
record FreshnessSample(long writtenAt, long inKafka, long sent, long acknowledged) {}
