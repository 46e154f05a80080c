package io.mongoelastic.source.record;

import java.util.function.Function;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;

/**
 * Reads the JSON subset that {@link DocumentIdEncoder} writes for documents and arrays: objects,
 * arrays and strings only, no whitespace. Each string is a nested key and is turned back into a
 * BSON value by the given decoder. A hand-written reader, because the driver's JSON reader gives
 * {@code $}-prefixed names Extended JSON meaning.
 */
final class IdJsonReader {

  private final String text;
  private final Function<String, BsonValue> leafDecoder;
  private int pos;

  private IdJsonReader(String text, Function<String, BsonValue> leafDecoder) {
    this.text = text;
    this.leafDecoder = leafDecoder;
  }

  /** Parses one JSON value that must span the whole text. */
  static BsonValue read(String text, Function<String, BsonValue> leafDecoder) {
    IdJsonReader reader = new IdJsonReader(text, leafDecoder);
    BsonValue value = reader.value();
    if (reader.pos != text.length()) {
      throw reader.error("trailing characters");
    }
    return value;
  }

  private BsonValue value() {
    char c = peek();
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return array();
    }
    if (c == '"') {
      return leafDecoder.apply(string());
    }
    throw error("expected '{', '[' or '\"'");
  }

  private BsonDocument object() {
    expect('{');
    BsonDocument document = new BsonDocument();
    if (peek() == '}') {
      pos++;
      return document;
    }
    while (true) {
      String name = string();
      expect(':');
      document.append(name, value());
      char c = next();
      if (c == '}') {
        return document;
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private BsonArray array() {
    expect('[');
    BsonArray array = new BsonArray();
    if (peek() == ']') {
      pos++;
      return array;
    }
    while (true) {
      array.add(value());
      char c = next();
      if (c == ']') {
        return array;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escaped = next();
      switch (escaped) {
        case '"':
        case '\\':
        case '/':
          out.append(escaped);
          break;
        case 'u':
          if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException e) {
            throw error("bad \\u escape");
          }
          pos += 4;
          break;
        default:
          throw error("unknown escape \\" + escaped);
      }
    }
  }

  private void expect(char expected) {
    if (next() != expected) {
      pos--;
      throw error("expected '" + expected + "'");
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("Malformed document key at character " + pos + ": " + what);
  }

  /**
   * Appends {@code value} as a JSON string literal; only {@code "}, {@code \} and controls escaped.
   */
  static void appendString(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
