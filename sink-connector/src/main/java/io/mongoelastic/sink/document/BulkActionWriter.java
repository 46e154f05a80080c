package io.mongoelastic.sink.document;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Appends one bulk action as NDJSON to a buffer the caller owns (the body of a {@code _bulk}
 * request):
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
 * (quotes, backslashes, control characters; other characters as UTF-8). The document bytes are
 * copied as they are. Immutable and thread-safe; the buffer is not.
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

  private final byte[] versionType;

  /** A writer for versions from {@code versions} ({@code external} when it has no version type). */
  public BulkActionWriter(VersionSource versions) {
    String type = versions.versionType() == null ? "external" : versions.versionType();
    this.versionType = ascii(",\"version_type\":\"" + type + "\"");
  }

  /**
   * Appends {@code action} to {@code out}.
   *
   * @return the number of bytes appended (the action's share of the request body)
   */
  public int write(BulkAction action, ByteArrayOutputStream out) {
    int before = out.size();
    out.writeBytes(
        switch (action.type()) {
          case INDEX -> INDEX;
          case UPSERT -> UPDATE;
          case DELETE -> DELETE;
        });
    writeString(out, action.index());
    out.writeBytes(ID);
    writeString(out, action.id().value());
    if (action.routing() != null) {
      out.writeBytes(ROUTING);
      writeString(out, action.routing());
    }
    if (action.pipeline() != null) {
      out.writeBytes(PIPELINE);
      writeString(out, action.pipeline());
    }
    if (action.version().isPresent()) {
      out.writeBytes(VERSION);
      out.writeBytes(ascii(Long.toString(action.version().getAsLong())));
      out.writeBytes(versionType);
    }
    out.writeBytes(END_ACTION);
    switch (action.type()) {
      case INDEX -> {
        action.source().writeTo(out);
        out.write('\n');
      }
      case UPSERT -> {
        out.writeBytes(DOC);
        action.source().writeTo(out);
        out.writeBytes(END_UPSERT);
      }
      case DELETE -> {
        // a delete has no source line
      }
    }
    return out.size() - before;
  }

  private static void writeString(ByteArrayOutputStream out, String text) {
    out.write('"');
    out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(text));
    out.write('"');
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
