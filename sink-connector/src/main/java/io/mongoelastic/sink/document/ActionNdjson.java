package io.mongoelastic.sink.document;

/**
 * The NDJSON of one bulk action in its three parts: the action line (with the opening of the
 * partial document for an upsert), the document, and what closes it. The document part is usually a
 * slice of the record's own value bytes, so a document is copied once, into the request body,
 * however many attempts it takes. Immutable.
 */
public final class ActionNdjson {
  private final byte[] head;
  private final DocumentSource source;
  private final byte[] tail;
  private final int length;

  ActionNdjson(byte[] head, DocumentSource source, byte[] tail) {
    this.head = head;
    this.source = source;
    this.tail = tail;
    this.length = head.length + (source == null ? 0 : source.length()) + tail.length;
  }

  /** NDJSON already written in one piece (an action line and its source line, if any). */
  public static ActionNdjson of(byte[] ndjson) {
    return new ActionNdjson(ndjson, null, new byte[0]);
  }

  /** Bytes the action adds to a bulk request. */
  public int length() {
    return length;
  }

  /**
   * Heap these bytes keep alive beyond the record value they may share: all of them, less the
   * document when it is a slice of {@code recordValue}.
   */
  public int heldBeyond(Object recordValue) {
    return source != null && source.sharesArrayOf(recordValue) ? length - source.length() : length;
  }

  /** Copies the action into {@code body} at {@code at}; returns the position after it. */
  public int copyTo(byte[] body, int at) {
    System.arraycopy(head, 0, body, at, head.length);
    at += head.length;
    if (source != null) {
      at = source.copyTo(body, at);
    }
    System.arraycopy(tail, 0, body, at, tail.length);
    return at + tail.length;
  }

  /** The action's bytes in one array. */
  public byte[] toByteArray() {
    byte[] bytes = new byte[length];
    copyTo(bytes, 0);
    return bytes;
  }

  /** The size only: the content is a document and must never reach a log. */
  @Override
  public String toString() {
    return "ActionNdjson[" + length + " bytes]";
  }
}
