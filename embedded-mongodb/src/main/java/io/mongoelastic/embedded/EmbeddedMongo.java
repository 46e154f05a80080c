package io.mongoelastic.embedded;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

/**
 * An in-process MongoDB for tests, the quickstart and the benchmarks: mongo-java-server's memory
 * backend, presented as the primary of a one-member replica set, with change streams that follow
 * MongoDB's documented behaviour (see this module's README for what still differs).
 *
 * <pre>{@code
 * try (EmbeddedMongo mongo = EmbeddedMongo.builder().replicaSetName("rs0").start();
 *     MongoClient client = MongoClients.create(mongo.connectionString())) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The oplog is bounded ({@link Builder#oplogMaxEvents}, {@link Builder#oplogMaxBytes}, {@link
 * Builder#oplogMaxAge}); resuming from a point that has been trimmed fails with MongoDB's
 * ChangeStreamHistoryLost (286). {@link #trimOplog()} trims on demand, so lost history can be
 * tested.
 *
 * <p>Failures the server cannot have by itself are injected as on mongod with test commands: the
 * {@code configureFailPoint} admin command, or {@link #failPoints()} from Java.
 */
public final class EmbeddedMongo implements AutoCloseable {
  private final WireServer server;
  private final ReplicaSetBackend backend;
  private final ReplicaSetIdentity identity;
  private final ChangeLog oplog;
  private final InetSocketAddress address;

  private EmbeddedMongo(
      WireServer server, ReplicaSetBackend backend, ReplicaSetIdentity identity, ChangeLog oplog) {
    this.server = server;
    this.backend = backend;
    this.identity = identity;
    this.oplog = oplog;
    this.address = server.address();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server on a free loopback port with default settings. */
  public static EmbeddedMongo start() {
    return builder().start();
  }

  /** The bound loopback address ({@code 127.0.0.1} and the port). */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * A connection string for the official drivers, naming the replica set: {@code
   * mongodb://127.0.0.1:<port>/?replicaSet=<name>}.
   */
  public String connectionString() {
    return "mongodb://127.0.0.1:" + address.getPort() + "/?replicaSet=" + identity.setName();
  }

  public String replicaSetName() {
    return identity.setName();
  }

  /**
   * The latest cluster time as a BSON timestamp value ({@code seconds << 32 | increment}), as the
   * driver's {@code BsonTimestamp.getValue()} reports it.
   */
  public long clusterTime() {
    return oplog.clusterTime();
  }

  /** Discards all oplog history up to now, as if the oplog had rolled over. */
  public void trimOplog() {
    oplog.trimAll();
  }

  /**
   * Discards the oplog entries older than a cluster time ({@code seconds << 32 | increment}).
   * Resuming at or before the oldest discarded entry then fails with ChangeStreamHistoryLost.
   */
  public void trimOplogBefore(long clusterTime) {
    oplog.trimBefore(clusterTime);
  }

  /**
   * The server's fail points ({@code failCommand}, {@code failGetMoreAfterCursorCheckout}), also
   * reachable by clients through the {@code configureFailPoint} admin command.
   */
  public FailPoints failPoints() {
    return backend.failPoints();
  }

  /** The number of change events the oplog retains. */
  public long oplogSize() {
    return oplog.size();
  }

  /** The approximate BSON bytes of the change events the oplog retains. */
  public long oplogBytes() {
    return oplog.retainedBytes();
  }

  @Override
  public void close() {
    server.close();
    backend.close();
  }

  /** Settings of one embedded server. */
  public static final class Builder {
    private int port;
    private int eventLoops = 64;
    private String replicaSetName = "rs0";
    private long oplogMaxEvents = 10_000_000L;
    private long oplogMaxBytes = 512L * 1024 * 1024;
    private Duration oplogMaxAge = Duration.ofDays(1);
    private Clock clock = Clock.systemUTC();

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Network event-loop threads (default 64); requests themselves run on their own threads. */
    public Builder eventLoops(int eventLoops) {
      if (eventLoops < 1) {
        throw new IllegalArgumentException("eventLoops must be at least 1");
      }
      this.eventLoops = eventLoops;
      return this;
    }

    /** The replica-set name {@code hello} reports (default {@code rs0}). */
    public Builder replicaSetName(String replicaSetName) {
      if (replicaSetName == null || replicaSetName.isBlank()) {
        throw new IllegalArgumentException("replicaSetName must not be blank");
      }
      this.replicaSetName = replicaSetName;
      return this;
    }

    /** At most this many change events are retained (default 10,000,000). */
    public Builder oplogMaxEvents(long oplogMaxEvents) {
      this.oplogMaxEvents = oplogMaxEvents;
      return this;
    }

    /**
     * At most this many bytes of change events are retained (default 512 MiB), counted as the BSON
     * size of the recorded documents plus a fixed overhead per event; the heap they use is larger.
     */
    public Builder oplogMaxBytes(long oplogMaxBytes) {
      this.oplogMaxBytes = oplogMaxBytes;
      return this;
    }

    /** Change events older than this are discarded (default 1 day). */
    public Builder oplogMaxAge(Duration oplogMaxAge) {
      this.oplogMaxAge = oplogMaxAge;
      return this;
    }

    /** The clock for cluster and wall times (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public EmbeddedMongo start() {
      OplogBounds bounds = new OplogBounds(oplogMaxEvents, oplogMaxBytes, oplogMaxAge);
      ChangeLog oplog = new ChangeLog(new ClusterClock(clock), bounds);
      ReplicaSetIdentity identity = new ReplicaSetIdentity(replicaSetName);
      ReplicaSetBackend backend = new ReplicaSetBackend(identity, new ChangeRecorder(oplog));
      backend.enableOplog();
      WireServer server =
          new WireServer(backend, new InetSocketAddress("127.0.0.1", port), eventLoops);
      identity.host("127.0.0.1:" + server.address().getPort());
      return new EmbeddedMongo(server, backend, identity, oplog);
    }
  }
}
