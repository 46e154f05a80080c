package io.mongoelastic.source;

import java.util.Arrays;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/** How a change event over 16 MiB (BSONObjectTooLarge) is read ({@code stream.large.events}). */
public enum LargeEventMode {
  AUTO(
      "split where the server can ($changeStreamSplitLargeEvent: MongoDB 7.0+, and 6.0.9+ of"
          + " 6.0), else fetch_document"),
  SPLIT(
      "always append $changeStreamSplitLargeEvent and reassemble its fragments (the server"
          + " refuses streams with it before 6.0.9)"),
  FETCH_DOCUMENT(
      "never split: when an event is too large, read it again without its documents, fetch the"
          + " document by _id and send its current state (or a delete when it is gone), with a"
          + " warning and the LargeEventsFetched metric");

  public static final LargeEventMode DEFAULT = AUTO;

  private final String description;

  LargeEventMode(String description) {
    this.description = description;
  }

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether streams carry the split stage, given whether the server supports it. */
  public boolean splits(boolean serverSupportsSplit) {
    return this == SPLIT || (this == AUTO && serverSupportsSplit);
  }

  public static LargeEventMode parse(String value) {
    return ConfigEnums.parse(LargeEventMode.class, value);
  }

  public static ConfigDef.Validator validator() {
    return ConfigEnums.validator(LargeEventMode.class);
  }

  public static String describeValues() {
    return ConfigEnums.describe(
        Arrays.stream(values()).map(m -> new String[] {m.value(), m.description}).toList());
  }
}
