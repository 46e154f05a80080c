package io.mongoelastic.harness;

/**
 * Heavy services started once per test JVM (one failsafe run of a module) and stopped when it
 * exits. Test classes share them; each test uses its own index, database and connector names.
 */
public final class SharedServices {
  private static ElasticsearchNode elasticsearch;
  private static MongoService mongo;
  private static MongoService embeddedMongo;

  private SharedServices() {}

  public static synchronized ElasticsearchNode elasticsearch() {
    if (elasticsearch == null) {
      elasticsearch = ElasticsearchNode.builder().start();
    }
    return elasticsearch;
  }

  public static synchronized MongoService mongo() {
    if (mongo == null) {
      mongo = closedAtExit(MongoService.start(), "mongo-stop");
    }
    return mongo;
  }

  /**
   * The embedded MongoDB of the run: {@link #mongo()} when that is embedded, else one started
   * beside the configured replica set, for tests that need the embedded server itself.
   */
  public static synchronized MongoService embeddedMongo() {
    if (MongoService.externalUri() == null) {
      return mongo();
    }
    if (embeddedMongo == null) {
      embeddedMongo = closedAtExit(MongoService.startEmbedded(), "embedded-mongo-stop");
    }
    return embeddedMongo;
  }

  private static MongoService closedAtExit(MongoService started, String threadName) {
    Runtime.getRuntime().addShutdownHook(new Thread(started::close, threadName));
    return started;
  }
}
