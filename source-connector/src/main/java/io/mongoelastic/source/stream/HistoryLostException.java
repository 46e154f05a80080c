package io.mongoelastic.source.stream;

/** A change stream cannot resume: its position is no longer in the oplog. */
public final class HistoryLostException extends RuntimeException {
  private final String namespace;

  public HistoryLostException(String namespace, Throwable cause) {
    this(
        namespace,
        "The change stream of " + namespace + " cannot resume: " + cause.getMessage(),
        cause);
  }

  private HistoryLostException(String namespace, String message, Throwable cause) {
    super(message, cause);
    this.namespace = namespace;
  }

  /** Lost history a snapshot range's stream met (its range offset says so; no exception here). */
  public static HistoryLostException ofSnapshotRange(String namespace, String snapshotId) {
    return new HistoryLostException(
        namespace,
        "The change stream of a range of snapshot "
            + snapshotId
            + " of "
            + namespace
            + " cannot resume: its position is no longer in the oplog",
        null);
  }

  public String namespace() {
    return namespace;
  }
}
