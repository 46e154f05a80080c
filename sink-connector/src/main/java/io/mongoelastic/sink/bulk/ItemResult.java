package io.mongoelastic.sink.bulk;

/**
 * One item of a bulk response.
 *
 * @param status the item's HTTP status
 * @param errorType the error's type, or null
 * @param errorReason the error's reason, or null
 */
record ItemResult(int status, String errorType, String errorReason) {
  static final ItemResult OK = new ItemResult(200, null, null);
}
