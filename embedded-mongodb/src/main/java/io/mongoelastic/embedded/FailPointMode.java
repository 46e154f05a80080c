package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;

/**
 * When a fail point fires, as {@code configureFailPoint}'s {@code mode} states it: {@code "off"},
 * {@code "alwaysOn"}, {@code {times: n}} (the next n matching evaluations, then off) or {@code
 * {skip: n}} (pass the next n matching evaluations, then always on).
 */
record FailPointMode(Kind kind, long count) {
  enum Kind {
    OFF,
    ALWAYS_ON,
    TIMES,
    SKIP
  }

  static final FailPointMode OFF = new FailPointMode(Kind.OFF, 0);
  static final FailPointMode ALWAYS_ON = new FailPointMode(Kind.ALWAYS_ON, 0);

  static FailPointMode times(long n) {
    return new FailPointMode(Kind.TIMES, requireNotNegative("times", n));
  }

  static FailPointMode skip(long n) {
    return new FailPointMode(Kind.SKIP, requireNotNegative("skip", n));
  }

  /** Parses the {@code mode} field of a {@code configureFailPoint} command. */
  static FailPointMode parse(Object mode) {
    if (mode == null) {
      throw CommandException.badValue("When setting a failpoint, you must supply a 'mode'");
    }
    if (mode instanceof String name) {
      return switch (name) {
        case "off" -> OFF;
        case "alwaysOn" -> ALWAYS_ON;
        default -> throw CommandException.badValue("unknown mode: " + name);
      };
    }
    if (mode instanceof Document spec && spec.size() == 1) {
      if (spec.get("times") instanceof Number n) {
        return times(n.longValue());
      }
      if (spec.get("skip") instanceof Number n) {
        return skip(n.longValue());
      }
    }
    throw CommandException.badValue(
        "'mode' must be \"off\", \"alwaysOn\", {times: <n>} or {skip: <n>}, not " + mode);
  }

  private static long requireNotNegative(String option, long n) {
    if (n < 0) {
      throw CommandException.badValue("'" + option + "' option to 'mode' must be positive");
    }
    return n;
  }
}
