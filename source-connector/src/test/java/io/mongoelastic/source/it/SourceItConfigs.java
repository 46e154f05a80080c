package io.mongoelastic.source.it;

import io.mongoelastic.harness.ConnectStack;
import io.mongoelastic.harness.SharedServices;
import java.util.HashMap;
import java.util.Map;

/** Connector configs the ITs start from. */
final class SourceItConfigs {
  private SourceItConfigs() {}

  static Map<String, String> connector(ConnectStack stack, String database, String collections) {
    Map<String, String> config = new HashMap<>();
    config.put("connector.class", "io.mongoelastic.source.MongoSourceConnector");
    config.put("tasks.max", "1");
    config.put("mongodb.uri", SharedServices.mongo().connectionString());
    config.put("mongodb.database", database);
    config.put("mongodb.collections", collections);
    config.put("kafka.admin.bootstrap.servers", stack.bootstrapServers());
    config.put("snapshot.chunk.size", "100");
    config.put("poll.max.records", "200");
    config.put("poll.max.wait.ms", "200");
    config.put("heartbeat.interval.ms", "1000");
    return config;
  }
}
