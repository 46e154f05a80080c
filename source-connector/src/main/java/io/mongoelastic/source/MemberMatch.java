package io.mongoelastic.source;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * The first stage of a {@link SharedChangeStream}: a {@code $match} on the member collections, plus
 * the collections whose event the stream (re)opens at. MongoDB checks that a resumed event token is
 * present after this stage, so the stream must let that event through even when its collection is
 * no member (ChangeStreamFatalError 280 otherwise).
 */
final class MemberMatch {
  private MemberMatch() {}

  /** The collections the stage passes: the members and those of the reopening event. */
  static Set<String> names(Set<String> members, Set<String> reopeningAt) {
    Set<String> followed = new LinkedHashSet<>(members);
    followed.addAll(reopeningAt);
    return followed;
  }

  /**
   * Events of {@code followed}, renames onto them, and the stream's own invalidate (database
   * dropped), which must reach the reader so it reopens after it.
   */
  static BsonDocument stage(Set<String> followed) {
    BsonArray names = new BsonArray();
    followed.forEach(name -> names.add(new BsonString(name)));
    BsonDocument in = new BsonDocument("$in", names);
    BsonArray any = new BsonArray();
    any.add(new BsonDocument("ns.coll", in));
    any.add(new BsonDocument("to.coll", in.clone()));
    any.add(new BsonDocument("operationType", new BsonString("invalidate")));
    return new BsonDocument("$match", new BsonDocument("$or", any));
  }

  /** The collections whose event a member's position may be the token of. */
  static Set<String> collectionsAt(SharedChangeStream.Member member) {
    String other = member.positionCollection();
    return other == null || other.equals(member.collection())
        ? Set.of(member.collection())
        : Set.of(member.collection(), other);
  }

  /** The collections an event passes the stage for: its own and, for a rename, the target. */
  static Set<String> collectionsOf(ChangeStreamDocument<BsonDocument> event) {
    Set<String> names = new HashSet<>(2);
    if (event.getNamespace() != null) {
      names.add(event.getNamespace().getCollectionName());
    }
    if (event.getDestinationNamespace() != null) {
      names.add(event.getDestinationNamespace().getCollectionName());
    }
    return names;
  }
}
