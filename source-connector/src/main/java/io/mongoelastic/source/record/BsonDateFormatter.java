package io.mongoelastic.source.record;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MILLI_OF_SECOND;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.util.Locale;

/**
 * Writes a BSON date (signed milliseconds since the Unix epoch) as an ISO-8601 UTC string with
 * exactly three fraction digits, {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}, and reads it back.
 *
 * <p>Years 0000 to 9999 use four digits. Outside that range the ISO-8601 expanded year form is
 * used: a sign and at least four digits ({@code +10000-01-01T00:00:00.000Z}, {@code
 * -0001-12-31T23:59:59.999Z}). Every BSON date (the full int64 range, about ±292 million years) is
 * representable, and the text form sorts like the date only within one year width.
 */
public final class BsonDateFormatter {

  // A fixed pattern rather than ISO_INSTANT, which drops the fraction when it is zero.
  private static final DateTimeFormatter FORMAT =
      new DateTimeFormatterBuilder()
          .appendValue(YEAR, 4, 10, SignStyle.EXCEEDS_PAD)
          .appendLiteral('-')
          .appendValue(MONTH_OF_YEAR, 2)
          .appendLiteral('-')
          .appendValue(DAY_OF_MONTH, 2)
          .appendLiteral('T')
          .appendValue(HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(MINUTE_OF_HOUR, 2)
          .appendLiteral(':')
          .appendValue(SECOND_OF_MINUTE, 2)
          .appendLiteral('.')
          .appendValue(MILLI_OF_SECOND, 3)
          .appendLiteral('Z')
          .toFormatter(Locale.ROOT)
          .withChronology(IsoChronology.INSTANCE)
          .withResolverStyle(ResolverStyle.STRICT);

  private BsonDateFormatter() {}

  /** Formats milliseconds since the epoch as an ISO-8601 UTC string with milliseconds. */
  public static String format(long epochMillis) {
    return FORMAT.format(
        LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
  }

  /**
   * Parses a string written by {@link #format(long)}.
   *
   * @throws IllegalArgumentException if the text is not in that exact form
   */
  public static long parse(String text) {
    try {
      return LocalDateTime.parse(text, FORMAT).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException("Not a BSON date in ISO-8601 UTC form: " + text, e);
    }
  }
}
