package io.mongoelastic.sink.document;

import java.nio.ByteBuffer;

/**
 * The JSON bytes of one document, ready to be a line of a bulk body: a single UTF-8 JSON object
 * without line breaks. It may be a slice of the record's own value bytes (pass-through, no copy);
 * the bytes are never modified, so do not modify the record value while this is in use.
 */
public final class DocumentSource {
  private final byte[] bytes;
  private final int offset;
  private final int length;

  DocumentSource(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** Number of bytes. */
  public int length() {
    return length;
  }

  /** Copies the bytes into {@code target} at {@code at}; returns the position after them. */
  public int copyTo(byte[] target, int at) {
    System.arraycopy(bytes, offset, target, at, length);
    return at + length;
  }

  /**
   * Whether these bytes are a slice of {@code value}'s own array (nothing of their own to hold).
   */
  public boolean sharesArrayOf(Object value) {
    return value == bytes
        || (value instanceof ByteBuffer buffer && buffer.hasArray() && buffer.array() == bytes);
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    byte[] copy = new byte[length];
    System.arraycopy(bytes, offset, copy, 0, length);
    return copy;
  }

  /** The size only: the content is a document and must never reach a log. */
  @Override
  public String toString() {
    return "DocumentSource[" + length + " bytes]";
  }
}
