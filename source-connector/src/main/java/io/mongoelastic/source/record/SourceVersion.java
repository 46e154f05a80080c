package io.mongoelastic.source.record;

import org.bson.BsonTimestamp;

/**
 * The {@code mongoelastic.source.version} header value: a MongoDB cluster time packed into one
 * non-negative int64, {@code seconds << 31 | increment}. Cluster times only grow, so for one
 * document a later write always carries a greater version, which is what Elasticsearch {@code
 * version_type=external} needs.
 *
 * <p>Why 31 bits for the increment rather than the timestamp's own 32: Elasticsearch takes external
 * versions from 0 to 2^63-1. With 31 bits the seconds (an unsigned 32-bit count) use the remaining
 * 32 bits without ever reaching the sign bit, so versions stay valid until the cluster time itself
 * wraps in 2106. An increment counts operations within one second; it cannot reach 2^31.
 */
public final class SourceVersion {
  private static final int INCREMENT_BITS = 31;
  private static final long INCREMENT_MASK = (1L << INCREMENT_BITS) - 1;

  private SourceVersion() {}

  /** The version of a write made at, or a snapshot read not earlier than, {@code clusterTime}. */
  public static long of(BsonTimestamp clusterTime) {
    long seconds = Integer.toUnsignedLong(clusterTime.getTime());
    long increment = Integer.toUnsignedLong(clusterTime.getInc());
    if (increment > INCREMENT_MASK) {
      throw new IllegalArgumentException(
          "Cluster time " + clusterTime + " has an increment above 2^31-1");
    }
    return seconds << INCREMENT_BITS | increment;
  }

  /** The cluster time a version was made from. */
  public static BsonTimestamp toClusterTime(long version) {
    return new BsonTimestamp((int) (version >>> INCREMENT_BITS), (int) (version & INCREMENT_MASK));
  }
}
