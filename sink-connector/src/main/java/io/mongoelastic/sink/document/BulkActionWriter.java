package io.mongoelastic.sink.document;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes one bulk action as the NDJSON of a {@code _bulk} request body:
 *
 * <pre>
 * {"index":{"_index":"i","_id":"1","routing":"r","pipeline":"p","version":7,"version_type":"external_gte"}}
 * {...document...}
 * {"update":{"_index":"i","_id":"1","routing":"r"}}
 * {"doc":{...document...},"doc_as_upsert":true}
 * {"delete":{"_index":"i","_id":"1","routing":"r","version":7,"version_type":"external"}}
 * </pre>
 *
 * The version type is the one of the {@link VersionSource} the writer was made for. Optional
 * parameters are left out when absent. Each line ends with {@code \n}. Strings are JSON escaped
 * (quotes, backslashes, control characters; other characters as UTF-8). The document bytes are used
 * as they are, without a copy (see {@link ActionNdjson}). Immutable and thread-safe.
 */
public final class BulkActionWriter {
  private static final byte[] INDEX = ascii("{\"index\":{\"_index\":");
  private static final byte[] UPDATE = ascii("{\"update\":{\"_index\":");
  private static final byte[] DELETE = ascii("{\"delete\":{\"_index\":");
  private static final byte[] ID = ascii(",\"_id\":");
  private static final byte[] ROUTING = ascii(",\"routing\":");
  private static final byte[] PIPELINE = ascii(",\"pipeline\":");
  private static final byte[] VERSION = ascii(",\"version\":");
  private static final byte[] END_ACTION = ascii("}}\n");
  private static final byte[] DOC = ascii("{\"doc\":");
  private static final byte[] END_UPSERT = ascii(",\"doc_as_upsert\":true}\n");
  private static final byte[] LINE_END = ascii("\n");
  private static final byte[] NOTHING = new byte[0];
  private static final int HEAD_BYTES = 160;

  private final byte[] versionType;

  /** A writer for versions from {@code versions} ({@code external} when it has no version type). */
  public BulkActionWriter(VersionSource versions) {
    String type = versions.versionType() == null ? "external" : versions.versionType();
    this.versionType = ascii(",\"version_type\":\"" + type + "\"");
  }

  /** The NDJSON of {@code action}; its document bytes are not copied. */
  public ActionNdjson encode(BulkAction action) {
    ByteArrayOutputStream head = new ByteArrayOutputStream(HEAD_BYTES);
    head.writeBytes(
        switch (action.type()) {
          case INDEX -> INDEX;
          case UPSERT -> UPDATE;
          case DELETE -> DELETE;
        });
    writeString(head, action.index());
    head.writeBytes(ID);
    writeString(head, action.id().value());
    if (action.routing() != null) {
      head.writeBytes(ROUTING);
      writeString(head, action.routing());
    }
    if (action.pipeline() != null) {
      head.writeBytes(PIPELINE);
      writeString(head, action.pipeline());
    }
    if (action.version().isPresent()) {
      head.writeBytes(VERSION);
      head.writeBytes(ascii(Long.toString(action.version().getAsLong())));
      head.writeBytes(versionType);
    }
    head.writeBytes(END_ACTION);
    return switch (action.type()) {
      case INDEX -> new ActionNdjson(head.toByteArray(), action.source(), LINE_END);
      case UPSERT -> {
        head.writeBytes(DOC);
        yield new ActionNdjson(head.toByteArray(), action.source(), END_UPSERT);
      }
      case DELETE -> new ActionNdjson(head.toByteArray(), null, NOTHING);
    };
  }

  private static void writeString(ByteArrayOutputStream out, String text) {
    out.write('"');
    // index names and most ids need no escaping: copy them without the encoder's buffers
    out.writeBytes(
        needsNoEscape(text)
            ? text.getBytes(StandardCharsets.ISO_8859_1)
            : JsonStringEncoder.getInstance().quoteAsUTF8(text));
    out.write('"');
  }

  private static boolean needsNoEscape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
