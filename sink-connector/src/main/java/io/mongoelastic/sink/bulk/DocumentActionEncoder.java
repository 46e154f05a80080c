package io.mongoelastic.sink.bulk;

import io.mongoelastic.sink.document.BulkAction;
import io.mongoelastic.sink.document.BulkActionMapper;
import io.mongoelastic.sink.document.BulkActionWriter;
import io.mongoelastic.sink.document.MalformedDocumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Encodes records with the document package: {@link BulkActionMapper} decides the action, {@link
 * BulkActionWriter} writes its NDJSON once per target index; the bytes are then reused for every
 * attempt, and the document's bytes are the record value's own when it is JSON bytes.
 */
public final class DocumentActionEncoder implements ActionEncoder {
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
      actions.add(
          new Action(
              index, action.id().value(), writer.encode(targeted), action.version().isPresent()));
    }
    return new Actions(actions);
  }
}
