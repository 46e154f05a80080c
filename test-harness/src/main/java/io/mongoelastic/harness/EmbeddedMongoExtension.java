package io.mongoelastic.harness;

import com.mongodb.client.MongoClient;
import io.mongoelastic.embedded.EmbeddedMongo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded MongoDB of one test class's own and a client of it, started before the class's first
 * test and closed after its last; register it as a static field with {@code @RegisterExtension}.
 * For tests that need the embedded server itself (fail points set from Java, oplog trimming) even
 * when a real replica set is configured; tests that need any replica set use {@link
 * SharedServices#mongo()}.
 */
public final class EmbeddedMongoExtension implements BeforeAllCallback, AfterAllCallback {
  private MongoService mongo;

  @Override
  public void beforeAll(ExtensionContext context) {
    mongo = MongoService.startEmbedded();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (mongo != null) {
      mongo.close();
      mongo = null;
    }
  }

  public EmbeddedMongo server() {
    return mongo.embedded();
  }

  public MongoClient client() {
    return mongo.client();
  }
}
