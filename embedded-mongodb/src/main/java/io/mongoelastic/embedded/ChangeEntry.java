package io.mongoelastic.embedded;

/**
 * One recorded change: its payload stamped with its position in the log, its cluster time (a BSON
 * timestamp value, seconds &lt;&lt; 32 | increment, unique and strictly increasing) and its wall
 * time in milliseconds.
 */
record ChangeEntry(long seq, long clusterTime, long wallTimeMillis, ChangePayload payload) {}
