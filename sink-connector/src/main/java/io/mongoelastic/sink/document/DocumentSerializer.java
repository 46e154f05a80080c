package io.mongoelastic.sink.document;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns a record value into the JSON bytes of an Elasticsearch document.
 *
 * <ul>
 *   <li>JSON text — a {@code String}, {@code byte[]} or {@link ByteBuffer} (StringConverter,
 *       ByteArrayConverter) — is checked in one streaming pass and passed through as is (see {@link
 *       JsonTextScanner}).
 *   <li>A schemaless {@code Map} (JsonConverter with {@code schemas.enable=false}, the MongoDB
 *       source's documents) or a {@link Struct} is written with Jackson straight to bytes (see
 *       {@link ConnectValueWriter} for type conversions).
 * </ul>
 *
 * <p>In every form: the value must be one JSON object; a top-level {@value #ID_FIELD} field is
 * dropped, because Elasticsearch refuses metadata fields in a document (the record key is the
 * document id); NaN and infinite numbers are malformed. Other metadata names ({@code _source},
 * {@code _routing}, …) pass: Elasticsearch refuses that one item, and {@code
 * behavior.on.mapping.errors} keeps the field unindexed or hands the record to the
 * malformed-document policy (so do duplicate names in JSON text, which are not checked here). When
 * the id was hashed, the original id is stored in the field {@value #ORIGINAL_ID_FIELD}; a document
 * that already has that field is then malformed.
 *
 * <p>Thread-safe.
 */
public final class DocumentSerializer {
  /** Field holding the original id when the document id is the hash of a too-long id. */
  public static final String ORIGINAL_ID_FIELD = "mongoelastic_original_id";

  /** The document field that is dropped from documents (Elasticsearch's own {@code _id}). */
  public static final String ID_FIELD = "_id";

  private final JsonTextScanner scanner = new JsonTextScanner();
  private final ConnectValueWriter writer = new ConnectValueWriter(false);

  /**
   * The document bytes of a record value.
   *
   * @param value the record value (not null)
   * @param schema the value schema, or null for schemaless values
   * @param id the document id; its {@link DocumentId#original()} is stored when present
   * @throws MalformedDocumentException when the value cannot become a document
   */
  public DocumentSource serialize(Object value, Schema schema, DocumentId id) {
    if (value instanceof byte[] bytes) {
      return scanner.scan(bytes, 0, bytes.length, id);
    }
    if (value instanceof String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      return scanner.scan(bytes, 0, bytes.length, id);
    }
    if (value instanceof ByteBuffer buffer) {
      if (buffer.hasArray()) {
        return scanner.scan(
            buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), id);
      }
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return scanner.scan(bytes, 0, bytes.length, id);
    }
    if (value instanceof Map<?, ?> || value instanceof Struct) {
      return write(value, schema, id == null ? null : id.original());
    }
    throw new MalformedDocumentException(
        "value of type "
            + (value == null ? "null" : value.getClass().getSimpleName())
            + " is not a JSON object (use a map, a Struct, or JSON text)",
        "");
  }

  private DocumentSource write(Object value, Schema schema, String original) {
    ByteArrayBuilder bytes = new ByteArrayBuilder();
    try (JsonGenerator out = ConnectValueWriter.JSON.createGenerator(bytes)) {
      out.writeStartObject();
      if (original != null) {
        out.writeStringField(ORIGINAL_ID_FIELD, original);
      }
      if (value instanceof Struct struct) {
        for (Field field : struct.schema().fields()) {
          writeField(out, field.name(), struct.get(field), field.schema(), original);
        }
      } else {
        Schema keySchema = schema == null ? null : schema.keySchema();
        Schema valueSchema = schema == null ? null : schema.valueSchema();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          String name;
          try {
            name = writer.fieldName(entry.getKey(), keySchema);
          } catch (ConnectValueWriter.InvalidValueException e) {
            throw e.toMalformed();
          }
          writeField(out, name, entry.getValue(), valueSchema, original);
        }
      }
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] result = bytes.toByteArray();
    return new DocumentSource(result, 0, result.length);
  }

  private void writeField(
      JsonGenerator out, String name, Object value, Schema schema, String original)
      throws IOException {
    if (name.equals(ID_FIELD)) {
      return;
    }
    checkTopLevelField(name, original);
    out.writeFieldName(name);
    try {
      writer.write(out, value, schema);
    } catch (ConnectValueWriter.InvalidValueException e) {
      throw e.within(name).toMalformed();
    }
  }

  /** Refuses a top-level name that would hide the original id. */
  static void checkTopLevelField(String name, String original) {
    if (original != null && name.equals(ORIGINAL_ID_FIELD)) {
      throw new MalformedDocumentException(
          "the document id was too long and is hashed, but the document already has the field"
              + " that would keep the original id",
          "/" + name);
    }
  }
}
