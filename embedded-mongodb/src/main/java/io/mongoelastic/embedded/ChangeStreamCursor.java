package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * One open change stream. It keeps its own position in the {@link ChangeLog}, so each batch costs
 * the entries read since the last one. Every batch carries a {@code postBatchResumeToken}, as
 * MongoDB computes it: the token of the last event returned, unless the scan went on to entries of
 * a later cluster time that the stream does not return (then a high-water-mark token for everything
 * scanned); a batch without events reports a high-water mark. A batch with nothing to return waits
 * for new entries up to the await time instead of returning at once.
 */
final class ChangeStreamCursor implements ServerCursor {
  private static final int SLICE = 512;

  private final long id;
  private final ChangeStreamSpec spec;
  private final ChangeLog log;
  private final ChangeEventRenderer renderer;
  private final ChangeStreamPipeline pipeline;
  private final ChangeEventSizeLimit sizeLimit;

  /** Fragments of a split event not yet returned: a batch may end between two. */
  private final Deque<ChangeEventSplitter.Fragment> pendingFragments = new ArrayDeque<>();

  /** Resuming from a fragment token: that event's fragments up to this one are skipped. */
  private ResumeToken resumedFragment;

  private String batchField = "firstBatch";
  private long position;
  private long highWater;
  private ChangeEntry pendingInvalidate;
  private boolean resumeTokenMissing;
  private boolean closed;
  private volatile long lastUsedMillis = System.currentTimeMillis();

  ChangeStreamCursor(
      long id,
      ChangeStreamSpec spec,
      ChangeLog log,
      ChangeEventRenderer renderer,
      ChangeStreamPipeline pipeline,
      ChangeEventSizeLimit sizeLimit) {
    this.id = id;
    this.spec = spec;
    this.log = log;
    this.renderer = renderer;
    this.pipeline = pipeline;
    this.sizeLimit = sizeLimit;
    start();
  }

  private void start() {
    ResumeToken token = spec.startAfter() != null ? spec.startAfter() : spec.resumeAfter();
    if (token != null) {
      if (spec.resumeAfter() != null && token.kind() == ResumeToken.Kind.INVALIDATE) {
        throw CommandException.invalidResumeToken(
            "Attempting to resume a change stream using 'resumeAfter' is not allowed from an"
                + " invalidate notification.");
      }
      if (token.isFragment() && !sizeLimit.splits()) {
        // MongoDB's check when it parses the pipeline: a fragment can only be found again by
        // splitting its event the same way.
        throw CommandException.fatal(
            "To resume from a split event, the $changeStream pipeline must include a"
                + " $changeStreamSplitLargeEvent stage");
      }
      boolean isEvent = token.kind() != ResumeToken.Kind.HIGH_WATER_MARK;
      // A fragment token: the event is read again and its fragments up to the token skipped.
      position =
          isEvent
              ? log.seqAfter(token.clusterTime(), token.txnOpIndex(), token.isFragment(), true)
              : log.seqAfter(token.clusterTime(), false, false);
      resumedFragment = token.isFragment() ? token : null;
      highWater = token.clusterTime();
      if (isEvent) {
        // As MongoDB: the token's own event must be in this stream, and pass the $match stages
        // that open the pipeline, or resuming fails (280) once the stream reaches a later event
        // that passes them. A high-water mark is never checked: it names no event.
        ChangeEntry tokenEntry = log.entryAt(token.clusterTime(), token.txnOpIndex());
        resumeTokenMissing =
            tokenEntry == null
                || !spec.watches(tokenEntry.payload())
                || (token.kind() == ResumeToken.Kind.EVENT
                    && !passesLeadingMatches(renderer.render(tokenEntry)));
      }
      if (token.kind() == ResumeToken.Kind.EVENT) {
        ChangeEntry resumed = log.entryAt(token.clusterTime(), token.txnOpIndex());
        if (resumed != null && spec.isInvalidatedBy(resumed.payload())) {
          // Resuming after the event that ended the stream: the invalidate comes next.
          pendingInvalidate = resumed;
        }
      }
    } else if (spec.startAtOperationTime() != null) {
      position = log.seqAfter(spec.startAtOperationTime(), true, true);
      highWater = spec.startAtOperationTime() - 1;
    } else {
      ChangeLog.End end = log.end();
      position = end.seq();
      highWater = end.clusterTime();
    }
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String namespace() {
    return spec.cursorNamespace();
  }

  @Override
  public synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public long lastUsedMillis() {
    return lastUsedMillis;
  }

  @Override
  public synchronized Document nextBatch(String batchField, int batchSize, long awaitMillis) {
    lastUsedMillis = System.currentTimeMillis();
    List<Document> batch = new ArrayList<>();
    try {
      this.batchField = batchField;
      Document postBatchToken = fill(batch, batchSize);
      if (batch.isEmpty() && !closed && awaitMillis > 0) {
        long deadline = ChangeLog.deadline(awaitMillis);
        while (batch.isEmpty() && !closed && log.awaitEntry(position, deadline)) {
          postBatchToken = fill(batch, batchSize);
        }
      }
      return new Document()
          .append("id", closed ? 0L : id)
          .append("ns", namespace())
          .append(batchField, batch)
          .append("postBatchResumeToken", postBatchToken);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
      throw new CommandException(11601, "Interrupted", "the server is shutting down");
    } catch (RuntimeException e) {
      closed = true;
      throw e;
    } finally {
      lastUsedMillis = System.currentTimeMillis();
    }
  }

  private Document fill(List<Document> batch, int batchSize) {
    int limit = batchSize <= 0 ? Integer.MAX_VALUE : batchSize;
    long[] bytes = {0};
    Document lastToken = null;
    // The cluster time of the event lastToken belongs to.
    long lastTokenTime = highWater;
    if (!pendingFragments.isEmpty()) {
      // Queued when their event was read, which set highWater to its time.
      lastToken = drainFragments(batch, limit, bytes);
      if (!pendingFragments.isEmpty() || batch.size() >= limit) {
        return lastToken;
      }
    }
    if (pendingInvalidate != null) {
      if (batch.size() >= limit) {
        return lastToken != null ? lastToken : ResumeToken.of(pendingInvalidate).toDocument();
      }
      return emitInvalidate(batch);
    }
    while (batch.size() < limit) {
      ChangeLog.Slice slice = log.read(position, SLICE);
      if (slice.entries().isEmpty()) {
        highWater = Math.max(highWater, slice.readThroughClusterTime());
        // As MongoDB: the last event's token stands unless the scan passed a later cluster time.
        return lastToken != null && highWater == lastTokenTime
            ? lastToken
            : ResumeToken.highWaterMark(highWater).toDocument();
      }
      for (ChangeEntry entry : slice.entries()) {
        int skip = fragmentsToSkip(entry);
        if (spec.watches(entry.payload())) {
          Document rendered = renderer.render(entry);
          if (resumeTokenMissing && passesLeadingMatches(rendered)) {
            throw CommandException.resumeTokenNotFound(entry.clusterTime());
          }
          Document event = transform(rendered);
          if (event != null) {
            int size = BsonSize.of(event);
            ResumeToken token = ResumeToken.of(entry);
            List<ChangeEventSplitter.Fragment> fragments =
                sizeLimit.fragmentsOf(event, size, token, batchField);
            if (fragments == null && skip > 0) {
              throw CommandException.fatal(
                  "Attempted to resume from a split event fragment, but the event in the resumed"
                      + " stream was not large enough to be split");
            }
            if (fragments != null) {
              pendingFragments.addAll(
                  fragments.subList(Math.min(skip, fragments.size()), fragments.size()));
              position = entry.seq() + 1;
              highWater = entry.clusterTime();
              Document drained = drainFragments(batch, limit, bytes);
              if (drained != null) {
                lastToken = drained;
                lastTokenTime = entry.clusterTime();
              }
              if (!pendingFragments.isEmpty()) {
                return lastToken;
              }
            } else {
              if (!batch.isEmpty() && bytes[0] + size > BsonSize.MAX_BATCH_BYTES) {
                return lastToken;
              }
              batch.add(event);
              bytes[0] += size;
              lastToken = token.toDocument();
              lastTokenTime = entry.clusterTime();
            }
          }
        }
        position = entry.seq() + 1;
        highWater = entry.clusterTime();
        if (spec.isInvalidatedBy(entry.payload())) {
          pendingInvalidate = entry;
          if (batch.size() < limit) {
            return emitInvalidate(batch);
          }
          return lastToken;
        }
        if (batch.size() >= limit) {
          return lastToken;
        }
      }
    }
    return lastToken;
  }

  /**
   * How many fragments of this entry's event the client already has: those up to the fragment token
   * it resumed from. Only the first entry read after resuming can be that event.
   */
  private int fragmentsToSkip(ChangeEntry entry) {
    if (resumedFragment == null) {
      return 0;
    }
    boolean same =
        entry.compareTo(resumedFragment.clusterTime(), resumedFragment.txnOpIndex()) == 0;
    int skip = same ? resumedFragment.fragment() + 1 : 0;
    resumedFragment = null;
    return skip;
  }

  /**
   * Moves pending fragments into the batch while they fit; returns the token of the last one moved,
   * or null.
   */
  private Document drainFragments(List<Document> batch, int limit, long[] bytes) {
    Document lastToken = null;
    while (!pendingFragments.isEmpty() && batch.size() < limit) {
      ChangeEventSplitter.Fragment fragment = pendingFragments.peek();
      if (!batch.isEmpty() && bytes[0] + fragment.sizeBytes() > BsonSize.MAX_BATCH_BYTES) {
        break;
      }
      pendingFragments.poll();
      batch.add(fragment.document());
      bytes[0] += fragment.sizeBytes();
      lastToken = fragment.resumeToken();
    }
    return lastToken;
  }

  private Document emitInvalidate(List<Document> batch) {
    ChangeEntry cause = pendingInvalidate;
    pendingInvalidate = null;
    closed = true;
    batch.add(renderer.invalidate(cause.clusterTime(), cause.wallTimeMillis()));
    return ResumeToken.invalidate(cause.clusterTime()).toDocument();
  }

  private boolean passesLeadingMatches(Document event) {
    return pipeline == null || pipeline.passesLeadingMatches(event.cloneDeeply());
  }

  private Document transform(Document event) {
    if (pipeline == null) {
      return event;
    }
    Document result = pipeline.apply(event.cloneDeeply());
    if (result != null && !Objects.equals(result.get("_id"), event.get("_id"))) {
      throw CommandException.fatal(
          "Encountered an event whose _id field, which contains the resume token, was modified by"
              + " the pipeline. Modifying the _id field of an event makes it impossible to resume"
              + " the stream from that point. Only transformations that retain the unmodified _id"
              + " field are allowed.");
    }
    return result;
  }
}
