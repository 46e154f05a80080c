/**
 * The record contract between the MongoDB source connector and its consumers (the Elasticsearch
 * sink among them): header names and values, control and heartbeat record fields, and the source
 * version encoding. The source writes through these classes and the sink reads through them, so the
 * two cannot drift apart; docs/mongodb-source-record-format.md describes the same contract.
 */
package io.mongoelastic.common.record;
