package io.mongoelastic.sink.document;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Checks record values that already are JSON text with one streaming pass (the {@link
 * JsonObjectSkimmer} for common documents, Jackson's parser for the rest) and passes their bytes
 * through without re-serialising them. It refuses what Elasticsearch would refuse (not one JSON
 * object, invalid JSON, NaN/Infinity literals, numbers beyond the double range, metadata fields;
 * duplicate field names are left to Elasticsearch's item-level error, to keep the scan cheap) and
 * only rewrites bytes when it must: a top-level {@code _id} is cut out, the original of a hashed id
 * is inserted, line breaks between tokens become spaces (a bulk line must not contain one), a UTF-8
 * byte order mark and surrounding blanks are dropped.
 */
final class JsonTextScanner {

  DocumentSource scan(byte[] bytes, int offset, int length, DocumentId id) {
    int start = offset;
    int end = offset + length;
    if (length >= 3
        && bytes[start] == (byte) 0xEF
        && bytes[start + 1] == (byte) 0xBB
        && bytes[start + 2] == (byte) 0xBF) {
      start += 3;
    }
    // JSON text in UTF-8 never holds a NUL byte; UTF-16/32 text has one among its first four
    for (int i = start; i < Math.min(start + 4, end); i++) {
      if (bytes[i] == 0) {
        throw new MalformedDocumentException("value is not UTF-8 encoded JSON", "");
      }
    }
    String original = id == null ? null : id.original();
    // the original id of a hashed id needs its name checked: rare, left to the full path
    JsonObjectSkimmer.Layout layout =
        original == null ? JsonObjectSkimmer.skim(bytes, start, end) : null;
    if (layout == null) {
      layout = parse(bytes, start, end, original);
    }
    return document(bytes, layout, original);
  }

  /** The full check with Jackson's parser, which explains what it refuses. */
  static JsonObjectSkimmer.Layout parse(byte[] bytes, int start, int end, String original) {
    int objectStart;
    int objectEnd = -1;
    int fields = 0;
    int idStart = -1;
    int idEnd = -1;
    boolean idLast = false;
    JsonParser parser = null;
    try {
      parser = ConnectValueWriter.JSON.createParser(bytes, start, end - start);
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedDocumentException("value is not a JSON object", "");
      }
      objectStart = start + (int) parser.currentTokenLocation().getByteOffset();
      int depth = 1;
      boolean idPending = false;
      while (depth > 0) {
        JsonToken token = parser.nextToken();
        if (token == null) {
          throw new MalformedDocumentException("value is truncated JSON", "");
        }
        if (idPending
            && depth == 1
            && (token == JsonToken.FIELD_NAME || token == JsonToken.END_OBJECT)) {
          idEnd = start + (int) parser.currentTokenLocation().getByteOffset();
          idLast = token == JsonToken.END_OBJECT;
          idPending = false;
        }
        switch (token) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME -> {
            if (depth == 1) {
              fields++;
              String name = parser.currentName();
              if (name.equals(DocumentSerializer.ID_FIELD)) {
                idStart = start + (int) parser.currentTokenLocation().getByteOffset();
                idPending = true;
              } else {
                DocumentSerializer.checkTopLevelField(name, original);
              }
            }
          }
          case VALUE_NUMBER_FLOAT -> checkFinite(parser);
          default -> {
            // scalars need no check
          }
        }
      }
      objectEnd = start + (int) parser.currentTokenLocation().getByteOffset() + 1;
      if (parser.nextToken() != null) {
        throw new MalformedDocumentException("value has content after its JSON object", "");
      }
    } catch (StreamReadException e) {
      throw unreadable(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      close(parser);
    }
    return new JsonObjectSkimmer.Layout(
        objectStart,
        objectEnd,
        fields,
        idStart,
        idEnd,
        idLast,
        hasLineBreak(bytes, objectStart, objectEnd));
  }

  /** The document: the object's own bytes when nothing changes, else a rewritten copy. */
  private static DocumentSource document(
      byte[] bytes, JsonObjectSkimmer.Layout layout, String original) {
    int objectStart = layout.objectStart();
    int objectEnd = layout.objectEnd();
    int idStart = layout.idStart();
    int idEnd = layout.idEnd();
    boolean lineBreaks = layout.lineBreaks();
    if (idStart < 0 && original == null && !lineBreaks) {
      return new DocumentSource(bytes, objectStart, objectEnd - objectStart);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(objectEnd - objectStart + 128);
    out.write('{');
    int remainingFields = layout.fields() - (idStart >= 0 ? 1 : 0);
    if (original != null) {
      writeQuoted(out, DocumentSerializer.ORIGINAL_ID_FIELD);
      out.write(':');
      writeQuoted(out, original);
      if (remainingFields > 0) {
        out.write(',');
      }
    }
    if (idStart < 0) {
      out.write(bytes, objectStart + 1, objectEnd - objectStart - 1);
    } else {
      int cutFrom = idStart;
      if (layout.idLast()) {
        // "_id" was the last field: the comma before it goes too
        int i = idStart - 1;
        while (isBlank(bytes[i])) {
          i--;
        }
        if (bytes[i] == ',') {
          cutFrom = i;
        }
      }
      out.write(bytes, objectStart + 1, cutFrom - objectStart - 1);
      out.write(bytes, idEnd, objectEnd - idEnd);
    }
    byte[] result = out.toByteArray();
    if (lineBreaks) {
      // outside strings only: JSON strings cannot hold raw line breaks
      for (int i = 0; i < result.length; i++) {
        if (result[i] == '\n' || result[i] == '\r') {
          result[i] = ' ';
        }
      }
    }
    return new DocumentSource(result, 0, result.length);
  }

  private static void checkFinite(JsonParser parser) throws IOException {
    // a double overflows only with an exponent or more than 308 digits: parse only those
    int length = parser.getTextLength();
    boolean mayOverflow = length > 300;
    if (!mayOverflow) {
      char[] text = parser.getTextCharacters();
      int from = parser.getTextOffset();
      for (int i = from; i < from + length; i++) {
        if (text[i] == 'e' || text[i] == 'E') {
          mayOverflow = true;
          break;
        }
      }
    }
    if (mayOverflow && Double.isInfinite(parser.getDoubleValue())) {
      throw new MalformedDocumentException(
          "number beyond the double range, which Elasticsearch refuses", pointer(parser));
    }
  }

  private static MalformedDocumentException unreadable(StreamReadException e) {
    // Jackson's message may quote document content: report only where it broke
    long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
    return new MalformedDocumentException(
        "value is not valid JSON"
            + (at >= 0 ? " (error at byte " + at + ")" : "")
            + "; NaN and Infinity are not JSON",
        "");
  }

  private static String pointer(JsonParser parser) {
    return parser == null ? "" : parser.getParsingContext().pathAsPointer().toString();
  }

  private static boolean hasLineBreak(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
        return true;
      }
    }
    return false;
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  static void writeQuoted(ByteArrayOutputStream out, String text) {
    out.write('"');
    out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(text));
    out.write('"');
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void close(JsonParser parser) {
    if (parser != null) {
      try {
        parser.close();
      } catch (IOException e) {
        // closing a parser over a byte array cannot fail
      }
    }
  }
}
