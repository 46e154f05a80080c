package io.mongoelastic.sink.bulk;

import io.mongoelastic.sink.document.BulkAction;
import io.mongoelastic.sink.document.BulkActionMapper;
import io.mongoelastic.sink.document.BulkActionWriter;
import io.mongoelastic.sink.document.MalformedDocumentException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Encodes records with the document package: {@link BulkActionMapper} decides the action, {@link
 * BulkActionWriter} writes its NDJSON once per target index; the bytes are then reused for every
 * attempt.
 */
public final class DocumentActionEncoder implements ActionEncoder {
  private static final int ACTION_LINE_BYTES = 256;
  private final BulkActionMapper mapper;
  private final BulkActionWriter writer;

  public DocumentActionEncoder(BulkActionMapper mapper) {
    this.mapper = mapper;
    this.writer = new BulkActionWriter(mapper.versionSource());
  }

  @Override
  public Encoded encode(SinkRecord record, Function<String, List<String>> targets) {
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
    List<Action> actions = new ArrayList<>(2);
    for (String index : targets.apply(action.index())) {
      BulkAction targeted = index.equals(action.index()) ? action : action.withIndex(index);
      // Sized for the document plus its action line, so the bytes are copied once, not regrown.
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(
              ACTION_LINE_BYTES + (action.source() == null ? 0 : action.source().length()));
      writer.write(targeted, out);
      actions.add(
          new Action(index, action.id().value(), out.toByteArray(), action.version().isPresent()));
    }
    return new Actions(actions);
  }
}
