package io.mongoelastic.source.snapshot;

import com.mongodb.ClientSessionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import org.bson.BsonTimestamp;

/**
 * The session a range reader reads in: causally consistent, with its operation time advanced to the
 * snapshot's start point. With majority read concern every query then carries {@code readConcern:
 * {level: "majority", afterClusterTime: <start point>}}, so a member that has not yet applied the
 * writes made before the start point (a lagging secondary chosen by the read preference) waits for
 * them instead of leaving them out; the change stream, which starts at that point, would never send
 * them. Not thread-safe, like the driver's session: one per reader, used by one read at a time.
 */
public final class SnapshotReadSession implements AutoCloseable {
  private final MongoClient client;
  private final BsonTimestamp startAt;
  private ClientSession session;

  public SnapshotReadSession(MongoClient client, BsonTimestamp startAt) {
    this.client = client;
    this.startAt = startAt;
  }

  /** The session, started on first use. */
  public ClientSession get() {
    if (session == null) {
      session =
          client.startSession(ClientSessionOptions.builder().causallyConsistent(true).build());
      if (startAt != null) {
        session.advanceOperationTime(startAt);
      }
    }
    return session;
  }

  /** Ends the session; the next {@link #get()} starts a new one (after a failed read, say). */
  @Override
  public void close() {
    if (session != null) {
      ClientSession open = session;
      session = null;
      open.close();
    }
  }
}
