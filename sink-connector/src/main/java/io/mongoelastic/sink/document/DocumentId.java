package io.mongoelastic.sink.document;

/**
 * An Elasticsearch document id.
 *
 * @param value the {@code _id} to send, at most {@value DocumentIdResolver#MAX_ID_BYTES} UTF-8
 *     bytes
 * @param original the id derived from the key when it was too long and {@code value} is its hash;
 *     {@code null} otherwise. The serializer stores it in the document under {@value
 *     DocumentSerializer#ORIGINAL_ID_FIELD}.
 */
public record DocumentId(String value, String original) {
  /** Whether {@code value} is the hash of a too-long id. */
  public boolean hashed() {
    return original != null;
  }
}
