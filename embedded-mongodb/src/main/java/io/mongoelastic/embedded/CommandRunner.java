package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;

/**
 * Runs a command on the backend, for the classes that answer a command by rewriting it into others
 * (views, {@code $out}, pipeline updates, {@code dropIndexes}).
 */
@FunctionalInterface
interface CommandRunner {
  Document run(String db, String command, Document query);
}
