package io.mongoelastic.sink.resync;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where the resync of one logical index stands. */
public enum ResyncPhase {
  /** No resync running: every record goes through the alias. */
  IDLE,
  /** A snapshot is being written into the pending physical index; the alias still serves reads. */
  FILLING,
  /** Every partition delivered the end marker; the alias is being moved to the pending index. */
  SWAPPING;

  /** The lower-case name stored in the state document and shown in the status. */
  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ResyncPhase parse(String value) {
    return value == null ? IDLE : valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
