package io.mongoelastic.sink.document;

import org.apache.kafka.connect.errors.DataException;

/**
 * A record that cannot become an Elasticsearch document or document id. The caller applies the
 * {@code behavior.on.malformed.documents} policy ({@link MalformedDocumentBehavior}) before
 * anything is sent. The message carries the reason and the path of the offending field (a JSON
 * Pointer, {@code ""} for the whole value), never document content, so it is safe to log.
 */
public class MalformedDocumentException extends DataException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final String path;

  /**
   * @param reason what is wrong, without document content
   * @param path JSON Pointer of the field at fault ({@code /a/b/0}); {@code ""} for the whole value
   */
  public MalformedDocumentException(String reason, String path) {
    super(path.isEmpty() ? reason : reason + " (field " + path + ")");
    this.reason = reason;
    this.path = path;
  }

  /** What is wrong, without document content. */
  public String reason() {
    return reason;
  }

  /** JSON Pointer of the field at fault; {@code ""} when the whole value or the key is at fault. */
  public String path() {
    return path;
  }
}
