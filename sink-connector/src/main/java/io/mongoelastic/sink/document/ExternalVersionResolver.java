package io.mongoelastic.sink.document;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The external version of a record's write, per {@link VersionSource}. The source header arrives as
 * a Long with the default header converter, or as its decimal text (String or UTF-8 bytes) when a
 * worker converts headers differently; all of these are accepted.
 */
public final class ExternalVersionResolver {
  private final VersionSource source;

  public ExternalVersionResolver(VersionSource source) {
    this.source = source;
  }

  /**
   * The version, or empty when the write is unversioned.
   *
   * @throws MalformedDocumentException when the header is present but not a non-negative int64
   */
  public OptionalLong resolve(SinkRecord record) {
    return switch (source) {
      case NONE -> OptionalLong.empty();
      case KAFKA_OFFSET -> OptionalLong.of(record.originalKafkaOffset());
      case SOURCE_HEADER ->
          fromHeader(record.headers().lastWithName(RecordClassifier.SOURCE_VERSION_HEADER));
    };
  }

  private static OptionalLong fromHeader(Header header) {
    if (header == null || header.value() == null) {
      return OptionalLong.empty();
    }
    Object value = header.value();
    long version;
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      version = ((Number) value).longValue();
    } else if (value instanceof String text) {
      version = parse(text);
    } else if (value instanceof byte[] bytes) {
      version = parse(new String(bytes, StandardCharsets.UTF_8));
    } else if (value instanceof ByteBuffer buffer) {
      version = parse(StandardCharsets.UTF_8.decode(buffer.duplicate()).toString());
    } else {
      throw invalid("has an unsupported type " + value.getClass().getSimpleName());
    }
    if (version < 0) {
      throw invalid("is negative");
    }
    return OptionalLong.of(version);
  }

  private static long parse(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw invalid("is not a decimal int64");
    }
  }

  private static MalformedDocumentException invalid(String problem) {
    return new MalformedDocumentException(
        "header "
            + RecordClassifier.SOURCE_VERSION_HEADER
            + " "
            + problem
            + "; it must be a non-negative int64 (or set document.version.source to kafka_offset or none)",
        "");
  }
}
