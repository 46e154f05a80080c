package io.mongoelastic.sink.document;

/**
 * The fast path of {@link JsonTextScanner}: one strict pass over the bytes, without a parser or
 * allocations per token, that recognises the common document — one JSON object whose top-level
 * names are plain — and finds where the object lies, where a top-level {@code _id} member is and
 * whether line breaks stand between tokens.
 *
 * <p>It only ever says yes to text the Jackson path accepts with the same layout; anything it is
 * not sure of gives {@code null} and the Jackson path decides and explains: invalid JSON or UTF-8,
 * exponents and very long numbers (their range must be checked), escapes or a leading {@code _} in
 * top-level names (metadata fields, a second or escaped {@code _id}), deep nesting, very long
 * names.
 */
final class JsonObjectSkimmer {
  /** Where the parts of a document lie in the scanned bytes; positions are absolute. */
  record Layout(
      int objectStart,
      int objectEnd,
      int fields,
      int idStart,
      int idEnd,
      boolean idLast,
      boolean lineBreaks) {}

  // well below Jackson's default limits (nesting 1000, number 1000 and name 50000 characters)
  private static final int MAX_DEPTH = 200;
  private static final int MAX_NUMBER_LENGTH = 300;
  private static final int MAX_NAME_LENGTH = 50_000;
  private static final int UNSURE = -1;

  /** Bytes that stand for themselves inside a JSON string: printable ASCII but quote, backslash. */
  private static final boolean[] PLAIN = new boolean[256];

  static {
    for (int c = 0x20; c < 0x80; c++) {
      PLAIN[c] = c != '"' && c != '\\';
    }
  }

  private final byte[] bytes;
  private final int end;
  private boolean lineBreaks;

  private JsonObjectSkimmer(byte[] bytes, int end) {
    this.bytes = bytes;
    this.end = end;
  }

  /** The layout of the object in {@code bytes[start, end)}, or null to take the Jackson path. */
  static Layout skim(byte[] bytes, int start, int end) {
    return new JsonObjectSkimmer(bytes, end).topLevel(start);
  }

  private Layout topLevel(int from) {
    int i = blanks(from);
    if (i >= end || bytes[i] != '{') {
      return null;
    }
    int objectStart = i;
    lineBreaks = false;
    int fields = 0;
    int idStart = -1;
    int idEnd = -1;
    boolean idPending = false;
    i = blanks(i + 1);
    if (i < end && bytes[i] == '}') {
      return trailing(i + 1, new Layout(objectStart, i + 1, 0, -1, -1, false, lineBreaks));
    }
    while (true) {
      if (i >= end || bytes[i] != '"') {
        return null;
      }
      if (idPending) {
        idEnd = i;
        idPending = false;
      }
      int nameEnd = string(i, MAX_NAME_LENGTH, false);
      if (nameEnd == UNSURE) {
        return null;
      }
      if (bytes[i + 1] == '_') {
        if (idStart >= 0 || nameEnd - i != 5 || bytes[i + 2] != 'i' || bytes[i + 3] != 'd') {
          return null;
        }
        idStart = i;
        idPending = true;
      }
      fields++;
      i = blanks(nameEnd);
      if (i >= end || bytes[i] != ':') {
        return null;
      }
      i = value(blanks(i + 1), 1);
      if (i == UNSURE) {
        return null;
      }
      i = blanks(i);
      if (i >= end) {
        return null;
      }
      if (bytes[i] == ',') {
        i = blanks(i + 1);
      } else if (bytes[i] == '}') {
        boolean idLast = idPending;
        if (idPending) {
          idEnd = i;
        }
        return trailing(
            i + 1, new Layout(objectStart, i + 1, fields, idStart, idEnd, idLast, lineBreaks));
      } else {
        return null;
      }
    }
  }

  /** The layout when only blanks follow the object. */
  private Layout trailing(int from, Layout layout) {
    return blanks(from) == end ? layout : null;
  }

  /** The position after the value at {@code i}, or UNSURE. */
  private int value(int i, int depth) {
    if (i >= end) {
      return UNSURE;
    }
    return switch (bytes[i]) {
      case '"' -> string(i, Integer.MAX_VALUE, true);
      case '{' -> object(i, depth + 1);
      case '[' -> array(i, depth + 1);
      case 't' -> literal(i, "true");
      case 'f' -> literal(i, "false");
      case 'n' -> literal(i, "null");
      case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number(i);
      default -> UNSURE;
    };
  }

  private int object(int i, int depth) {
    if (depth > MAX_DEPTH) {
      return UNSURE;
    }
    i = blanks(i + 1);
    if (i < end && bytes[i] == '}') {
      return i + 1;
    }
    while (true) {
      if (i >= end || bytes[i] != '"') {
        return UNSURE;
      }
      i = string(i, MAX_NAME_LENGTH, true);
      if (i == UNSURE) {
        return UNSURE;
      }
      i = blanks(i);
      if (i >= end || bytes[i] != ':') {
        return UNSURE;
      }
      i = value(blanks(i + 1), depth);
      if (i == UNSURE) {
        return UNSURE;
      }
      i = blanks(i);
      if (i >= end) {
        return UNSURE;
      }
      if (bytes[i] == '}') {
        return i + 1;
      }
      if (bytes[i] != ',') {
        return UNSURE;
      }
      i = blanks(i + 1);
    }
  }

  private int array(int i, int depth) {
    if (depth > MAX_DEPTH) {
      return UNSURE;
    }
    i = blanks(i + 1);
    if (i < end && bytes[i] == ']') {
      return i + 1;
    }
    while (true) {
      i = value(i, depth);
      if (i == UNSURE) {
        return UNSURE;
      }
      i = blanks(i);
      if (i >= end) {
        return UNSURE;
      }
      if (bytes[i] == ']') {
        return i + 1;
      }
      if (bytes[i] != ',') {
        return UNSURE;
      }
      i = blanks(i + 1);
    }
  }

  /**
   * The position after the string opening at {@code i}, or UNSURE. Top-level names are read without
   * escapes, so that the name compared is the name Elasticsearch sees.
   */
  private int string(int i, int maxLength, boolean escapes) {
    int j = i + 1;
    while (true) {
      while (j < end && PLAIN[bytes[j] & 0xFF]) {
        j++;
      }
      if (j >= end) {
        return UNSURE;
      }
      int b = bytes[j] & 0xFF;
      if (b == '"') {
        return j - i <= maxLength ? j + 1 : UNSURE;
      } else if (b == '\\') {
        j = escapes ? escape(j) : UNSURE;
      } else if (b >= 0x80) {
        j = utf8(j, b);
      } else {
        return UNSURE; // a control character, which JSON strings cannot hold raw
      }
      if (j == UNSURE) {
        return UNSURE;
      }
    }
  }

  private int escape(int j) {
    if (j + 1 >= end) {
      return UNSURE;
    }
    switch (bytes[j + 1]) {
      case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
        return j + 2;
      }
      case 'u' -> {
        if (j + 6 > end) {
          return UNSURE;
        }
        for (int k = j + 2; k < j + 6; k++) {
          if (Character.digit(bytes[k], 16) < 0) {
            return UNSURE;
          }
        }
        return j + 6;
      }
      default -> {
        return UNSURE;
      }
    }
  }

  /** The position after a well-formed UTF-8 sequence (shortest form, no surrogates) at j. */
  private int utf8(int j, int lead) {
    int length;
    int min;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      min = 0x10000;
    } else {
      return UNSURE;
    }
    if (j + length > end) {
      return UNSURE;
    }
    int code = lead & (0xFF >> (length + 1));
    for (int k = j + 1; k < j + length; k++) {
      int b = bytes[k] & 0xFF;
      if ((b & 0xC0) != 0x80) {
        return UNSURE;
      }
      code = (code << 6) | (b & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return UNSURE;
    }
    return j + length;
  }

  /** Integers and plain decimals; exponents go to the Jackson path for their range check. */
  private int number(int i) {
    int j = i;
    if (bytes[j] == '-') {
      j++;
    }
    if (j >= end) {
      return UNSURE;
    }
    if (bytes[j] == '0') {
      j++;
    } else if (isDigit(bytes[j])) {
      j = digits(j);
    } else {
      return UNSURE;
    }
    if (j < end && bytes[j] == '.') {
      int fraction = j + 1;
      j = digits(fraction);
      if (j == fraction) {
        return UNSURE;
      }
    }
    if (j < end && (bytes[j] == 'e' || bytes[j] == 'E' || isDigit(bytes[j]))) {
      return UNSURE;
    }
    return j - i <= MAX_NUMBER_LENGTH ? j : UNSURE;
  }

  private int digits(int j) {
    while (j < end && isDigit(bytes[j])) {
      j++;
    }
    return j;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private int literal(int i, String word) {
    int length = word.length();
    if (i + length > end) {
      return UNSURE;
    }
    for (int k = 1; k < length; k++) {
      if (bytes[i + k] != word.charAt(k)) {
        return UNSURE;
      }
    }
    // what follows ("truex") is checked by the caller, which expects a delimiter
    return i + length;
  }

  /** Skips JSON blanks, noting line breaks. */
  private int blanks(int i) {
    while (i < end) {
      byte b = bytes[i];
      if (b == ' ' || b == '\t') {
        i++;
      } else if (b == '\n' || b == '\r') {
        lineBreaks = true;
        i++;
      } else {
        return i;
      }
    }
    return i;
  }
}
