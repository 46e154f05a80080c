package io.mongoelastic.common.record;

import java.util.Locale;

/** What a document record does; the wire value is header {@code mongoelastic.operation}. */
public enum Operation {
  /** A document read by the snapshot. */
  SNAPSHOT,
  /** Change stream {@code insert}. */
  INSERT,
  /** Change stream {@code update}; the value is the full document after the update. */
  UPDATE,
  /** Change stream {@code replace}. */
  REPLACE,
  /** Change stream {@code delete}; the record is a tombstone. */
  DELETE;

  private final String wireValue = name().toLowerCase(Locale.ROOT);

  /** The lower_snake header value, e.g. {@code insert}. */
  public String wireValue() {
    return wireValue;
  }

  /**
   * Reads a header value. The change stream {@code operationType} values {@code insert}, {@code
   * update}, {@code replace} and {@code delete} are read too, since they are the same words.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static Operation fromWireValue(String value) {
    for (Operation operation : values()) {
      if (operation.wireValue.equals(value)) {
        return operation;
      }
    }
    throw new IllegalArgumentException("Unknown operation: " + value);
  }
}
