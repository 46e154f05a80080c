package io.mongoelastic.source;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The live check of {@code mongodb.collections} in validation: a view or time-series collection
 * named there cannot be followed by a change stream. Runs after {@link ConnectionProbe} found the
 * server usable; a listing error is left to that probe's key and reported as nothing here.
 */
final class CollectionKindProbe {
  private CollectionKindProbe() {}

  /** An error message for {@code mongodb.collections}, or empty. */
  static Optional<String> check(String uri, SSLContext ssl, String database, List<String> names) {
    try (MongoClient client =
        MongoClients.create(ConnectionProbe.settings(new ConnectionString(uri), ssl))) {
      CollectionListing listing = CollectionListing.read(client.getDatabase(database));
      return CollectionResolver.explicitlyNamedProblem(names, listing.others());
    } catch (RuntimeException e) {
      // E.g. a user without listCollections on the database: planning reports it with its cause.
      return Optional.empty();
    }
  }
}
