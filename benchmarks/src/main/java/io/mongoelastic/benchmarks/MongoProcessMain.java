package io.mongoelastic.benchmarks;

import io.mongoelastic.embedded.EmbeddedMongo;

/**
 * Runs the embedded MongoDB in a JVM of its own, as mongod would be, so its data neither weighs on
 * the worker's heap figures nor lengthens the worker's garbage collections. Prints {@code URI
 * <connection string>} and serves until its standard input closes.
 */
public final class MongoProcessMain {
  private MongoProcessMain() {}

  public static void main(String[] args) throws Exception {
    try (EmbeddedMongo mongo = EmbeddedMongo.builder().start()) {
      System.out.println("URI " + mongo.connectionString());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Serve until the parent closes the pipe or exits.
      }
    }
    System.exit(0);
  }
}
