package io.mongoelastic.common.record;

/**
 * The {@code mongoelastic.source.version} header value: a MongoDB cluster time packed into one
 * non-negative int64, {@code seconds << 31 | increment}. Cluster times only grow, so for one
 * document a later write always carries a greater version, which is what Elasticsearch {@code
 * version_type=external} needs. Every version the source stamps goes through {@link #of}; consumers
 * decode with {@link #seconds} and {@link #increment}.
 *
 * <p>Why 31 bits for the increment rather than the timestamp's own 32 (which {@code
 * BsonTimestamp.getValue()} uses): Elasticsearch takes external versions from 0 to 2^63-1. With 31
 * bits the seconds (an unsigned 32-bit count) use the remaining 32 bits without ever reaching the
 * sign bit, so versions stay valid until the cluster time itself wraps in 2106; {@code << 32} turns
 * negative in 2038. An increment counts operations within one second; it cannot reach 2^31.
 */
public final class SourceVersion {
  private static final int INCREMENT_BITS = 31;
  private static final long INCREMENT_MASK = (1L << INCREMENT_BITS) - 1;

  private SourceVersion() {}

  /**
   * The version of a write made at, or a snapshot read not earlier than, the cluster time {@code
   * (seconds, increment)}; both are read as unsigned 32-bit values, as {@code BsonTimestamp} holds
   * them ({@code getTime()}, {@code getInc()}).
   *
   * @throws IllegalArgumentException when the increment is above 2^31-1
   */
  public static long of(int seconds, int increment) {
    long unsignedIncrement = Integer.toUnsignedLong(increment);
    if (unsignedIncrement > INCREMENT_MASK) {
      throw new IllegalArgumentException(
          "Cluster time ("
              + Integer.toUnsignedString(seconds)
              + ", "
              + unsignedIncrement
              + ") has an increment above 2^31-1");
    }
    return Integer.toUnsignedLong(seconds) << INCREMENT_BITS | unsignedIncrement;
  }

  /** The cluster time's seconds since the epoch (the {@code t} of a BSON timestamp). */
  public static long seconds(long version) {
    return version >>> INCREMENT_BITS;
  }

  /** The cluster time's increment (the {@code i} of a BSON timestamp). */
  public static int increment(long version) {
    return (int) (version & INCREMENT_MASK);
  }

  /**
   * Whether {@code version} is too large to be this encoding of a cluster time before {@code
   * nowSeconds} plus a day of clock skew. Versions written by builds that stamped {@code seconds <<
   * 32} are about twice as large as any current version, so an index holding them refuses every new
   * write as stale.
   */
  public static boolean isFromTheFuture(long version, long nowSeconds) {
    return seconds(version) > nowSeconds + 86_400;
  }
}
