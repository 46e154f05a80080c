package io.mongoelastic.sink.bulk;

import java.util.Locale;
import java.util.Set;

/** What the sink does with one bulk item, decided from its status and error type. */
enum ItemVerdict {
  /** Written (or a delete of a document that was already gone). */
  DONE,
  /** Refused because the stored document has the same or a newer external version. */
  STALE,
  /** Temporarily refused (overload, unavailable shard, timeout): retry this item alone. */
  RETRY,
  /** Refused as a document (mapping or parsing error): the malformed-document policy decides. */
  MALFORMED,
  /** Refused because of the configuration or the cluster's permissions: fail the task. */
  FATAL;

  private static final Set<String> DOCUMENT_ERRORS =
      Set.of(
          "mapper_parsing_exception",
          "document_parsing_exception",
          "strict_dynamic_mapping_exception",
          "illegal_argument_exception",
          "mapper_exception",
          "json_parse_exception",
          "x_content_parse_exception",
          "parse_exception",
          "document_source_missing_exception",
          "action_request_validation_exception");

  static ItemVerdict of(ItemResult item, boolean versioned) {
    int status = item.status();
    if (status >= 200 && status < 300) {
      return DONE;
    }
    String type = item.errorType() == null ? "" : item.errorType().toLowerCase(Locale.ROOT);
    if (status == 404 && item.errorType() == null) {
      return DONE; // a delete of a missing document
    }
    if (isMissingPipeline(item)) {
      return FATAL;
    }
    if (status == 409) {
      if (versioned && OlderVersionEncoding.storedIn(item)) {
        return FATAL; // every later write would be refused as stale too
      }
      // Without an external version a conflict comes from a concurrent update: try again.
      return versioned ? STALE : RETRY;
    }
    if (status == 429 || status == 503 || status == 502 || status == 504 || status == 408) {
      return RETRY;
    }
    if (status >= 500) {
      return DOCUMENT_ERRORS.contains(type) ? MALFORMED : RETRY;
    }
    if (status == 400 || DOCUMENT_ERRORS.contains(type)) {
      return MALFORMED;
    }
    return FATAL;
  }

  static boolean isMissingPipeline(ItemResult item) {
    String reason = item.errorReason();
    return reason != null
        && reason.startsWith("pipeline with id [")
        && reason.contains("not exist");
  }

  /** An error reason without the field value previews Elasticsearch adds to mapping errors. */
  static String safeReason(ItemResult item) {
    String reason = item.errorReason() == null ? "" : item.errorReason();
    int preview = reason.indexOf("Preview of field's value");
    if (preview >= 0) {
      reason = reason.substring(0, preview).trim();
    }
    if (reason.length() > 500) {
      reason = reason.substring(0, 500) + "...";
    }
    return item.status() + " " + item.errorType() + ": " + reason;
  }
}
