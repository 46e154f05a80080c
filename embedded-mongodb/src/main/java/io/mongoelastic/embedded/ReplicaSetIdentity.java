package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import java.time.Instant;
import java.util.List;

/**
 * How the server describes itself: the primary of a one-member replica set, in {@code hello} /
 * {@code isMaster} and {@code replSetGetStatus} replies, as a real single-node replica set does.
 */
final class ReplicaSetIdentity {
  static final int MAX_WIRE_VERSION = 21; // MongoDB 7.0
  static final List<Integer> VERSION = List.of(7, 0, 0);

  private static final ObjectId ELECTION_ID = new ObjectId("7fffffff0000000000000001");

  private final String setName;
  private volatile String host = "127.0.0.1:27017";

  ReplicaSetIdentity(String setName) {
    this.setName = setName;
  }

  void host(String host) {
    this.host = host;
  }

  String setName() {
    return setName;
  }

  Document hello(Document request, boolean legacyName, long clusterTime) {
    Instant lastWrite = Instant.ofEpochSecond(clusterTime >>> 32);
    Document opTime = new Document("ts", new BsonTimestamp(clusterTime)).append("t", 1L);
    Document reply = new Document();
    reply.append(legacyName ? "ismaster" : "isWritablePrimary", Boolean.TRUE);
    reply
        .append("hosts", List.of(host))
        .append("setName", setName)
        .append("setVersion", 1)
        .append("secondary", Boolean.FALSE)
        .append("primary", host)
        .append("me", host)
        .append("electionId", ELECTION_ID)
        .append(
            "lastWrite",
            new Document("opTime", opTime)
                .append("lastWriteDate", lastWrite)
                .append("majorityOpTime", opTime)
                .append("majorityWriteDate", lastWrite))
        .append("maxBsonObjectSize", BsonSize.MAX_BATCH_BYTES)
        .append("maxMessageSizeBytes", MongoWireProtocolHandler.MAX_MESSAGE_SIZE_BYTES)
        .append("maxWriteBatchSize", MongoWireProtocolHandler.MAX_WRITE_BATCH_SIZE)
        .append("localTime", Instant.now())
        .append("logicalSessionTimeoutMinutes", 30)
        .append("minWireVersion", 0)
        .append("maxWireVersion", MAX_WIRE_VERSION)
        .append("readOnly", Boolean.FALSE);
    if (Boolean.TRUE.equals(request.get("helloOk"))) {
      reply.append("helloOk", Boolean.TRUE);
    }
    reply.append("ok", 1.0);
    return reply;
  }

  Document status(long clusterTime) {
    Document opTime = new Document("ts", new BsonTimestamp(clusterTime)).append("t", 1L);
    Instant optimeDate = Instant.ofEpochSecond(clusterTime >>> 32);
    Document member =
        new Document("_id", 0)
            .append("name", host)
            .append("health", 1.0)
            .append("state", 1)
            .append("stateStr", "PRIMARY")
            .append("optime", opTime)
            .append("optimeDate", optimeDate)
            .append("electionId", ELECTION_ID)
            .append("configVersion", 1)
            .append("self", Boolean.TRUE);
    return new Document("set", setName)
        .append("date", Instant.now())
        .append("myState", 1)
        .append("term", 1L)
        .append("members", List.of(member))
        .append("ok", 1.0);
  }
}
