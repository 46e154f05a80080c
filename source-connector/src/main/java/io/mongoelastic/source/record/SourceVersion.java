package io.mongoelastic.source.record;

import org.bson.BsonTimestamp;

/**
 * The {@code mongoelastic.source.version} header value: a MongoDB cluster time as one int64, {@code
 * seconds << 32 | increment} ({@link BsonTimestamp#getValue()}). Cluster times only grow, so for
 * one document a later write always carries a greater version, which is what Elasticsearch {@code
 * version_type=external} needs.
 *
 * <p>Elasticsearch takes external versions from 0 to 2^63-1. A cluster time's seconds reach 2^31 on
 * 2038-01-19, after which this long turns negative; until then every version is valid.
 */
public final class SourceVersion {

  private SourceVersion() {}

  /** The version of a write made at, or a snapshot read not earlier than, {@code clusterTime}. */
  public static long of(BsonTimestamp clusterTime) {
    return clusterTime.getValue();
  }

  /** The cluster time a version was made from. */
  public static BsonTimestamp toClusterTime(long version) {
    return new BsonTimestamp(version);
  }
}
