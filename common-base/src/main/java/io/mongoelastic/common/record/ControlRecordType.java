package io.mongoelastic.common.record;

import java.util.Locale;

/** The kind of a control record; the wire value is header {@code mongoelastic.control}. */
public enum ControlRecordType {
  /** Written before the first snapshot record of a collection. */
  SNAPSHOT_START,
  /** Written after the last snapshot record of a collection. */
  SNAPSHOT_END;

  private final String wireValue = name().toLowerCase(Locale.ROOT);

  /** The lower_snake header value, e.g. {@code snapshot_start}. */
  public String wireValue() {
    return wireValue;
  }

  /**
   * Reads a header value.
   *
   * @throws IllegalArgumentException for an unknown value
   */
  public static ControlRecordType fromWireValue(String value) {
    for (ControlRecordType type : values()) {
      if (type.wireValue.equals(value)) {
        return type;
      }
    }
    throw new IllegalArgumentException("Unknown control record type: " + value);
  }
}
