package io.mongoelastic.source.stream;

/** A change stream cannot resume: its position is no longer in the oplog. */
public final class HistoryLostException extends RuntimeException {
  private final String namespace;

  public HistoryLostException(String namespace, Throwable cause) {
    super("The change stream of " + namespace + " cannot resume: " + cause.getMessage(), cause);
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }
}
