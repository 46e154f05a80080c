/**
 * Oplog headroom: how much history the oplog keeps behind each task's change-stream position,
 * measured from local.oplog.rs, published through the task MBean and warned about when low.
 */
package io.mongoelastic.source.oplog;
