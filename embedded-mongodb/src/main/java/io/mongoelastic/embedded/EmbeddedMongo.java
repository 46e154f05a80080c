package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * An in-process MongoDB wire server for tests, the quickstart and the benchmarks.
 *
 * <p>Stub: the faithful change-stream oplog and replica-set identity are tracked by their own
 * issue; this first version only starts the server with many event loops so one client polling a
 * change stream never stalls the others.
 */
public final class EmbeddedMongo implements AutoCloseable {
  private final MongoServer server;
  private final InetSocketAddress address;

  private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
    this.server = server;
    this.address = address;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server on a free loopback port with default settings. */
  public static EmbeddedMongo start() {
    return builder().start();
  }

  public InetSocketAddress address() {
    return address;
  }

  /** A connection string the official driver accepts. */
  public String connectionString() {
    return "mongodb://127.0.0.1:" + address.getPort() + "/?directConnection=true";
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  /** Settings of one embedded server. */
  public static final class Builder {
    private int port;
    private int eventLoops = 64;

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder eventLoops(int eventLoops) {
      this.eventLoops = eventLoops;
      return this;
    }

    public EmbeddedMongo start() {
      MemoryBackend backend = new MemoryBackend();
      MongoServer server = new MongoServer(backend);
      server.enableOplog();
      server.bind(new InetSocketAddress("127.0.0.1", port), 1, eventLoops);
      return new EmbeddedMongo(server, server.getLocalAddress());
    }
  }
}
