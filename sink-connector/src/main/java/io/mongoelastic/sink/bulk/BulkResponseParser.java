package io.mongoelastic.sink.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a bulk response as a stream: when the response says {@code "errors": false} the items are
 * not read at all; otherwise only each item's status and error type and reason are kept.
 */
final class BulkResponseParser {
  private static final JsonFactory JSON = new JsonFactory();

  private BulkResponseParser() {}

  /**
   * The result of each item, in request order.
   *
   * @throws IOException when the body is not a bulk response with {@code expectedItems} items
   */
  static List<ItemResult> parse(InputStream body, int expectedItems) throws IOException {
    try (JsonParser parser = JSON.createParser(body)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT);
      List<ItemResult> items = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("errors".equals(field) && value == JsonToken.VALUE_FALSE) {
          ItemResult[] all = new ItemResult[expectedItems];
          Arrays.fill(all, ItemResult.OK);
          return Arrays.asList(all);
        } else if ("items".equals(field) && value == JsonToken.START_ARRAY) {
          items = readItems(parser, expectedItems);
        } else {
          parser.skipChildren();
        }
      }
      if (items == null || items.size() != expectedItems) {
        throw new IOException(
            "Bulk response has "
                + (items == null ? "no" : items.size())
                + " items for "
                + expectedItems
                + " actions");
      }
      return items;
    }
  }

  private static List<ItemResult> readItems(JsonParser parser, int expected) throws IOException {
    List<ItemResult> items = new ArrayList<>(expected);
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      // {"index": {...}}: one field named after the action.
      expect(parser.nextToken(), JsonToken.FIELD_NAME);
      expect(parser.nextToken(), JsonToken.START_OBJECT);
      int status = 0;
      String type = null;
      String reason = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("status".equals(field)) {
          status = parser.getIntValue();
        } else if ("error".equals(field) && value == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String errorField = parser.currentName();
            JsonToken errorValue = parser.nextToken();
            if ("type".equals(errorField)) {
              type = parser.getText();
            } else if ("reason".equals(errorField) && errorValue == JsonToken.VALUE_STRING) {
              reason = parser.getText();
            } else {
              parser.skipChildren();
            }
          }
        } else {
          parser.skipChildren();
        }
      }
      expect(parser.nextToken(), JsonToken.END_OBJECT);
      items.add(new ItemResult(status, type, reason));
    }
    return items;
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("Unexpected bulk response: " + actual + " where " + expected);
    }
  }
}
