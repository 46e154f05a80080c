/**
 * Pacing of snapshot reads by a consumer group's lag, so that changes made during a snapshot do not
 * queue behind a backlog of snapshot rows in Kafka.
 */
package io.mongoelastic.source.pace;
