package io.mongoelastic.source.record;

import java.math.BigDecimal;
import org.bson.BsonDecimal128;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * The one text form of a BSON number's exact value. MongoDB compares int32, int64, double and
 * decimal128 by exact numeric value, so {@code 1}, {@code NumberLong(1)}, {@code 1.0} and {@code
 * NumberDecimal("1.00")} are the same {@code _id}; they all get the same text here, while {@code
 * 0.1} (double) and {@code NumberDecimal("0.1")} differ because their exact values differ.
 */
final class CanonicalNumber {

  static final String NAN = "NaN";
  static final String POSITIVE_INFINITY = "Infinity";
  static final String NEGATIVE_INFINITY = "-Infinity";

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private CanonicalNumber() {}

  static boolean isNumber(BsonValue value) {
    return value.isNumber() || value.isDecimal128();
  }

  /**
   * Returns the canonical text of a numeric value: a plain integer ({@code -42}) when the value is
   * integral and within int64, {@code NaN}/{@code Infinity}/{@code -Infinity}, otherwise {@link
   * BigDecimal#toString()} of the exact value with trailing zeros stripped ({@code 1.5}, {@code
   * 1E+20}).
   */
  static String text(BsonValue value) {
    switch (value.getBsonType()) {
      case INT32:
        return Integer.toString(value.asInt32().getValue());
      case INT64:
        return Long.toString(value.asInt64().getValue());
      case DOUBLE:
        double d = value.asDouble().getValue();
        if (Double.isNaN(d)) {
          return NAN;
        }
        if (Double.isInfinite(d)) {
          return d > 0 ? POSITIVE_INFINITY : NEGATIVE_INFINITY;
        }
        return text(new BigDecimal(d));
      case DECIMAL128:
        Decimal128 dec = value.asDecimal128().getValue();
        if (dec.isNaN()) {
          return NAN;
        }
        if (dec.isInfinite()) {
          return dec.isNegative() ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        // bigDecimalValue() refuses negative zero; take the magnitude by clearing the sign bit.
        BigDecimal magnitude =
            Decimal128.fromIEEE754BIDEncoding(dec.getHigh() & Long.MAX_VALUE, dec.getLow())
                .bigDecimalValue();
        return text(dec.isNegative() ? magnitude.negate() : magnitude);
      default:
        throw new IllegalArgumentException("Not a number: " + value.getBsonType());
    }
  }

  /** True when {@link #text(BsonValue)} is a plain int64 integer. */
  static boolean isInt64Text(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    int length = text.length() - start;
    if (length < 1 || length > 19) {
      return false;
    }
    if (text.charAt(start) == '0') {
      return length == 1 && start == 0;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    try {
      Long.parseLong(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Returns a BSON number with the exact value of canonical text: int32 or int64 for integers that
   * fit, a double when the value is exactly a double, otherwise a decimal128.
   *
   * @throws IllegalArgumentException if no BSON number has that value
   */
  static BsonValue parse(String text) {
    switch (text) {
      case NAN:
        return new BsonDouble(Double.NaN);
      case POSITIVE_INFINITY:
        return new BsonDouble(Double.POSITIVE_INFINITY);
      case NEGATIVE_INFINITY:
        return new BsonDouble(Double.NEGATIVE_INFINITY);
      default:
        break;
    }
    if (isInt64Text(text)) {
      long l = Long.parseLong(text);
      return l == (int) l ? new BsonInt32((int) l) : new BsonInt64(l);
    }
    BigDecimal exact;
    try {
      exact = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not a number: " + text, e);
    }
    double d = exact.doubleValue();
    if (!Double.isInfinite(d) && new BigDecimal(d).compareTo(exact) == 0) {
      return new BsonDouble(d);
    }
    try {
      return new BsonDecimal128(new Decimal128(exact));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Number out of BSON range: " + text, e);
    }
  }

  private static String text(BigDecimal exact) {
    if (exact.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = exact.stripTrailingZeros();
    if (stripped.scale() <= 0
        && stripped.compareTo(LONG_MIN) >= 0
        && stripped.compareTo(LONG_MAX) <= 0) {
      return Long.toString(stripped.longValueExact());
    }
    return stripped.toString();
  }
}
