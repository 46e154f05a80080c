package io.mongoelastic.source.stream;

import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/**
 * The stages of a collection's change stream: the user's {@code stream.pipeline}, then a projection
 * that removes what the connector never reads, then (when large events are split) the split stage,
 * which MongoDB requires to be last.
 *
 * <p>{@code updateDescription} goes: records carry the full document (or nothing, for updates
 * without one), never the changed fields, and the description is what makes an update of a large
 * document twice as large. The user's stages run first, so they can still match on it. A user
 * pipeline that already ends with the split stage keeps it, moved after the projection.
 */
public final class StreamPipeline {
  public static final String SPLIT_STAGE = "$changeStreamSplitLargeEvent";
  private static final BsonDocument DROP_UNUSED =
      new BsonDocument("$project", new BsonDocument("updateDescription", new BsonInt32(0)));

  private StreamPipeline() {}

  /** Whether the user's own pipeline asks for split events (its last stage is the split stage). */
  public static boolean endsWithSplit(List<BsonDocument> userStages) {
    return !userStages.isEmpty() && userStages.get(userStages.size() - 1).containsKey(SPLIT_STAGE);
  }

  /** The stages of a normal stream. */
  public static List<BsonDocument> build(List<BsonDocument> userStages, boolean split) {
    List<BsonDocument> stages = new ArrayList<>(withoutSplit(userStages));
    stages.add(DROP_UNUSED);
    if (split || endsWithSplit(userStages)) {
      stages.add(new BsonDocument(SPLIT_STAGE, new BsonDocument()));
    }
    return stages;
  }

  /**
   * The stages of the stream that re-reads one event too large to read whole: the user's stages
   * (they decide which events exist), then only the fields that identify the event and its
   * document.
   */
  public static List<BsonDocument> identifyingOnly(List<BsonDocument> userStages) {
    List<BsonDocument> stages = new ArrayList<>(withoutSplit(userStages));
    BsonDocument keep = new BsonDocument();
    for (String field :
        List.of("operationType", "documentKey", "ns", "to", "clusterTime", "wallTime")) {
      keep.append(field, new BsonInt32(1));
    }
    stages.add(new BsonDocument("$project", keep));
    return stages;
  }

  private static List<BsonDocument> withoutSplit(List<BsonDocument> userStages) {
    return endsWithSplit(userStages) ? userStages.subList(0, userStages.size() - 1) : userStages;
  }
}
