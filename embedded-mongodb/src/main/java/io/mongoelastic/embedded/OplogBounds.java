package io.mongoelastic.embedded;

import java.time.Duration;

/**
 * How much history the change log keeps: at most {@code maxEvents} events, at most {@code maxBytes}
 * bytes of events (approximate BSON size), and nothing older than {@code maxAge}. The oldest events
 * go first when any bound is exceeded, as a capped oplog drops its oldest entries.
 */
record OplogBounds(long maxEvents, long maxBytes, Duration maxAge) {
  OplogBounds {
    if (maxEvents <= 0 || maxBytes <= 0) {
      throw new IllegalArgumentException("oplog bounds must be positive");
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("oplogMaxAge must be a positive duration");
    }
  }
}
