package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Locale;

/**
 * What a change stream does with an event too large to return, as MongoDB 7.0 does: without {@code
 * $changeStreamSplitLargeEvent} an event over the internal BSON limit (16 MiB + 16 KiB) fails the
 * command with 10334 BSONObjectTooLarge; with the stage (which must be the last of the pipeline) an
 * event over that limit less 8 KiB is split into fragments by {@link ChangeEventSplitter}.
 */
final class ChangeEventSizeLimit {
  /** MongoDB's {@code BSONObjMaxInternalSize}: what a server-built document may reach. */
  static final int MAX_EVENT_BYTES = 16 * 1024 * 1024 + 16 * 1024;

  /** Events up to this size pass the split stage whole. */
  static final int MAX_UNSPLIT_EVENT_BYTES = MAX_EVENT_BYTES - 8 * 1024;

  static final String SPLIT_STAGE = "$changeStreamSplitLargeEvent";

  private final boolean split;

  private ChangeEventSizeLimit(boolean split) {
    this.split = split;
  }

  /**
   * Takes a {@code $changeStreamSplitLargeEvent} stage off the end of a change stream's pipeline.
   *
   * @param stages the stages after {@code $changeStream}; the split stage is removed from them
   * @throws CommandException 7182800 when its spec is not {@code {}}, 7182802 when it is not last
   */
  static ChangeEventSizeLimit takeFrom(List<Document> stages) {
    boolean split = false;
    for (int i = 0; i < stages.size(); i++) {
      Document stage = stages.get(i);
      if (!stage.containsKey(SPLIT_STAGE)) {
        continue;
      }
      if (!(stage.get(SPLIT_STAGE) instanceof Document spec) || !spec.isEmpty()) {
        throw new CommandException(
            7182800, "Location7182800", SPLIT_STAGE + " spec should be an empty object");
      }
      if (i != stages.size() - 1) {
        throw new CommandException(
            7182802, "Location7182802", SPLIT_STAGE + " must be the last stage in the pipeline");
      }
      split = true;
    }
    if (split) {
      stages.remove(stages.size() - 1);
    }
    return new ChangeEventSizeLimit(split);
  }

  boolean splits() {
    return split;
  }

  /**
   * The fragments to return instead of {@code event}, or null when it is returned whole.
   *
   * @param sizeBytes the encoded size of {@code event}
   * @param batchField {@code firstBatch} or {@code nextBatch}, for the error text
   * @throws CommandException 10334 BSONObjectTooLarge when the event is too large and not split
   */
  List<ChangeEventSplitter.Fragment> fragmentsOf(
      Document event, int sizeBytes, ResumeToken token, String batchField) {
    if (split && sizeBytes > MAX_UNSPLIT_EVENT_BYTES) {
      int tokenBytes = BsonSize.of(token.toDocument());
      return ChangeEventSplitter.split(event, token, MAX_UNSPLIT_EVENT_BYTES - tokenBytes);
    }
    if (sizeBytes > MAX_EVENT_BYTES) {
      throw tooLarge(event, sizeBytes, batchField);
    }
    return null;
  }

  private static CommandException tooLarge(Document event, int sizeBytes, String batchField) {
    String context =
        "firstBatch".equals(batchField)
            ? "PlanExecutor error during aggregation :: caused by :: "
            : "Executor error during getMore :: caused by :: ";
    return new CommandException(
        10334,
        "BSONObjectTooLarge",
        context
            + String.format(
                Locale.ROOT,
                "BSONObj size: %d (0x%X) is invalid. Size must be between 0 and %d(16MB) First"
                    + " element: _id: %s",
                sizeBytes,
                sizeBytes,
                MAX_EVENT_BYTES,
                event.get("_id")));
  }
}
