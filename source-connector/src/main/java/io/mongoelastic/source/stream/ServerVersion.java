package io.mongoelastic.source.stream;

import com.mongodb.client.MongoClient;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;

/** The server's version from {@code buildInfo} ({@code versionArray}), and what it supports. */
public record ServerVersion(int major, int minor, int patch) {

  public static ServerVersion read(MongoClient client) {
    BsonDocument info =
        client
            .getDatabase("admin")
            .runCommand(new BsonDocument("buildInfo", new BsonInt32(1)), BsonDocument.class);
    BsonArray parts = info.getArray("versionArray", new BsonArray());
    return new ServerVersion(part(parts, 0), part(parts, 1), part(parts, 2));
  }

  private static int part(BsonArray parts, int index) {
    return parts.size() > index && parts.get(index).isNumber()
        ? parts.get(index).asNumber().intValue()
        : 0;
  }

  /**
   * {@code $changeStreamSplitLargeEvent} exists in MongoDB 7.0 and later and was backported to
   * 6.0.9; the 6.1 to 6.3 rapid releases lack it.
   */
  public boolean splitsLargeEvents() {
    return major >= 7 || (major == 6 && minor == 0 && patch >= 9);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
