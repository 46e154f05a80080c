package io.mongoelastic.sink.bulk;

import io.mongoelastic.sink.document.BulkAction;
import io.mongoelastic.sink.document.BulkActionMapper;
import io.mongoelastic.sink.document.BulkActionWriter;
import io.mongoelastic.sink.document.MalformedDocumentException;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Encodes records with the document package: {@link BulkActionMapper} decides the action, {@link
 * BulkActionWriter} writes its NDJSON once; the bytes are then reused for every attempt.
 */
public final class DocumentActionEncoder implements ActionEncoder {
  private final BulkActionMapper mapper;
  private final BulkActionWriter writer;

  public DocumentActionEncoder(BulkActionMapper mapper) {
    this.mapper = mapper;
    this.writer = new BulkActionWriter(mapper.versionSource());
  }

  @Override
  public Encoded encode(SinkRecord record) {
    Optional<BulkAction> mapped;
    try {
      mapped = mapper.map(record);
    } catch (MalformedDocumentException e) {
      return new Malformed(e.getMessage());
    }
    if (mapped.isEmpty()) {
      return new Skip();
    }
    BulkAction action = mapped.get();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    writer.write(action, out);
    return new Action(
        action.index(), action.id().value(), out.toByteArray(), action.version().isPresent());
  }
}
