package io.mongoelastic.sink.bulk;

import io.mongoelastic.common.record.SourceVersion;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a version conflict against a document that an earlier build wrote. Builds before the
 * shared record contract stamped source versions as {@code seconds << 32}, about twice today's
 * {@code seconds << 31} values, so such an index refuses every new write as stale and the sink
 * would count them as done. The stored version in Elasticsearch's conflict reason gives it away: no
 * {@code << 31} version of the present time is that large.
 */
final class OlderVersionEncoding {
  private static final Pattern CURRENT_VERSION = Pattern.compile("current version \\[(\\d+)]");

  private OlderVersionEncoding() {}

  /** Whether {@code item} is a conflict with a stored version from the older encoding. */
  static boolean storedIn(ItemResult item) {
    if (item.status() != 409 || item.errorReason() == null) {
      return false;
    }
    Matcher matcher = CURRENT_VERSION.matcher(item.errorReason());
    if (!matcher.find()) {
      return false;
    }
    try {
      long stored = Long.parseLong(matcher.group(1));
      return SourceVersion.isFromTheFuture(stored, System.currentTimeMillis() / 1000);
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
