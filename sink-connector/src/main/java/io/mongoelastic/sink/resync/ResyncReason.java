package io.mongoelastic.sink.resync;

import java.util.Locale;

/** Why a resync started; recorded in the state document and logged when the resync begins. */
public enum ResyncReason {
  /** The first snapshot of a collection (the index had never been filled by a snapshot). */
  INITIAL,
  /** The source lost its change-stream position (history rolled off the oplog). */
  HISTORY_LOST,
  /** An operator asked for it (a new resync token or a REST call on the source). */
  USER_REQUESTED,
  /** The snapshot marker did not say why (a source that predates the reason field). */
  UNSPECIFIED;

  /** The lower_snake name stored in the state document and shown in the status. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a lower_snake (or any case) name; null, blank or unknown names give UNSPECIFIED. */
  public static ResyncReason parse(String value) {
    if (value == null || value.isBlank()) {
      return UNSPECIFIED;
    }
    for (ResyncReason reason : values()) {
      if (reason.value().equalsIgnoreCase(value.trim())) {
        return reason;
      }
    }
    return UNSPECIFIED;
  }
}
