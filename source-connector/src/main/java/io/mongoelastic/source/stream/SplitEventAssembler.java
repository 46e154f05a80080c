package io.mongoelastic.source.stream;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.SplitEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.BsonDocument;

/**
 * Puts the fragments of a split change event ({@code $changeStreamSplitLargeEvent}) back together.
 * MongoDB cuts an event over 16 MiB between its top-level fields into fragments {@code 1..of}, each
 * with its own resume token ({@code _id}) and {@code splitEvent: {fragment, of}}; fragments may
 * arrive in different batches and polls, so they are held here until the last one.
 *
 * <p>The assembled event's resume token is the last fragment's: resuming after it continues after
 * the whole event. While fragments are held ({@link #pending()}), the caller must not store any
 * newer position (no heartbeat): a restart then resumes before the first fragment and the server
 * sends the event again, all fragments. Fragment 1 starts over (a stream reopened before the first
 * fragment sends it again); any other fragment that does not continue the held ones sets {@link
 * #headLost()}: the caller reopens its stream from its stored position and calls {@link #reset()}.
 */
public final class SplitEventAssembler {
  private final List<ChangeStreamDocument<BsonDocument>> held = new ArrayList<>();
  private boolean headLost;

  /**
   * The complete event: {@code event} itself when it is not a fragment, the assembled event when it
   * is the last fragment; null while more fragments are needed.
   */
  public ChangeStreamDocument<BsonDocument> accept(ChangeStreamDocument<BsonDocument> event) {
    SplitEvent split = event.getSplitEvent();
    if (split == null) {
      held.clear();
      return event;
    }
    if (split.getFragment() != held.size() + 1) {
      held.clear();
      if (split.getFragment() != 1) {
        // The head of this event was never seen here: only a stream reopened from before the
        // first fragment sends it whole again.
        headLost = true;
        return null;
      }
    }
    held.add(event);
    if (split.getFragment() < split.getOf()) {
      return null;
    }
    ChangeStreamDocument<BsonDocument> whole = merge(held);
    held.clear();
    return whole;
  }

  /** Whether fragments of an event are held, waiting for the rest. */
  public boolean pending() {
    return !held.isEmpty();
  }

  /** Whether a fragment arrived whose earlier fragments were never seen. */
  public boolean headLost() {
    return headLost;
  }

  /** Forgets held fragments (the stream is reopened from before the first of them). */
  public void reset() {
    held.clear();
    headLost = false;
  }

  private static ChangeStreamDocument<BsonDocument> merge(
      List<ChangeStreamDocument<BsonDocument>> fragments) {
    ChangeStreamDocument<BsonDocument> last = fragments.get(fragments.size() - 1);
    BsonDocument extra = new BsonDocument();
    for (ChangeStreamDocument<BsonDocument> fragment : fragments) {
      if (fragment.getExtraElements() != null) {
        extra.putAll(fragment.getExtraElements());
      }
    }
    return new ChangeStreamDocument<>(
        first(fragments, ChangeStreamDocument::getOperationTypeString),
        last.getResumeToken(),
        first(fragments, ChangeStreamDocument::getNamespaceDocument),
        first(fragments, ChangeStreamDocument::getNamespaceTypeString),
        first(fragments, ChangeStreamDocument::getDestinationNamespaceDocument),
        first(fragments, ChangeStreamDocument::getFullDocument),
        first(fragments, ChangeStreamDocument::getFullDocumentBeforeChange),
        first(fragments, ChangeStreamDocument::getDocumentKey),
        first(fragments, ChangeStreamDocument::getClusterTime),
        first(fragments, ChangeStreamDocument::getUpdateDescription),
        first(fragments, ChangeStreamDocument::getTxnNumber),
        first(fragments, ChangeStreamDocument::getLsid),
        first(fragments, ChangeStreamDocument::getWallTime),
        null,
        extra.isEmpty() ? null : extra);
  }

  // Each top-level field is in exactly one fragment.
  private static <T> T first(
      List<ChangeStreamDocument<BsonDocument>> fragments,
      Function<ChangeStreamDocument<BsonDocument>, T> field) {
    for (ChangeStreamDocument<BsonDocument> fragment : fragments) {
      T value = field.apply(fragment);
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
