package io.mongoelastic.embedded;

/**
 * One recorded change: its payload stamped with its position in the log, its cluster time (a BSON
 * timestamp value, seconds &lt;&lt; 32 | increment, strictly increasing from one write or commit to
 * the next) and its wall time in milliseconds. The events of one committed transaction share one
 * cluster time and are told apart by {@code txnOpIndex} (0, 1, … in the order of the writes).
 *
 * @param txnOpIndex the index in its transaction, {@link ResumeToken#NOT_IN_TRANSACTION} outside
 * @param transaction the session and transaction number, null outside a transaction
 */
record ChangeEntry(
    long seq,
    long clusterTime,
    int txnOpIndex,
    long wallTimeMillis,
    ChangePayload payload,
    TransactionId transaction) {

  ChangeEntry(long seq, long clusterTime, long wallTimeMillis, ChangePayload payload) {
    this(seq, clusterTime, ResumeToken.NOT_IN_TRANSACTION, wallTimeMillis, payload, null);
  }

  /** Orders this entry against a position given as a cluster time and a transaction index. */
  int compareTo(long otherClusterTime, int otherTxnOpIndex) {
    int cmp = Long.compareUnsigned(clusterTime, otherClusterTime);
    return cmp != 0 ? cmp : Integer.compare(txnOpIndex, otherTxnOpIndex);
  }
}
