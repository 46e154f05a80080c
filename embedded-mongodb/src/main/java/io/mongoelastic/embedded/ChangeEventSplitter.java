package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Splits a change event too large to be returned into fragments, as {@code
 * $changeStreamSplitLargeEvent} does on MongoDB 7.0: top-level fields other than {@code _id} are
 * ordered by their encoded size (then name) and packed greedily, so the first fragment holds as
 * many fields as fit; sub-documents are never split. Every fragment starts with its own resume
 * token as {@code _id} and {@code splitEvent: {fragment: n, of: total}} (n from 1).
 */
final class ChangeEventSplitter {
  private ChangeEventSplitter() {}

  /** One fragment and its encoded size. */
  record Fragment(Document document, int sizeBytes) {
    Document resumeToken() {
      return (Document) document.get("_id");
    }
  }

  private record Field(String name, Object value, int sizeBytes) {}

  /**
   * The fragments of {@code event}, each at most {@code maxFragmentBytes}.
   *
   * @param token the resume token of the whole event
   * @throws CommandException 7182500 when one field alone does not fit in a fragment
   */
  static List<Fragment> split(Document event, ResumeToken token, int maxFragmentBytes) {
    List<Field> fields = new ArrayList<>();
    for (Map.Entry<String, Object> field : event.entrySet()) {
      if (!field.getKey().equals("_id")) {
        fields.add(
            new Field(
                field.getKey(), field.getValue(), elementSize(field.getKey(), field.getValue())));
      }
    }
    if (fields.isEmpty()) {
      throw new CommandException(
          7182502,
          "Location7182502",
          "Cannot split an empty event or an event containing solely '_id' field");
    }
    fields.sort(Comparator.comparingInt(Field::sizeBytes).thenComparing(Field::name));

    List<Document> fragments = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    int next = 0;
    while (next < fields.size()) {
      Document fragment =
          new Document("_id", token.fragment(fragments.size()).toDocument())
              .append("splitEvent", new Document("fragment", fragments.size() + 1).append("of", 0));
      int size = BsonSize.of(fragment);
      do {
        Field field = fields.get(next++);
        fragment.append(field.name(), field.value());
        size += field.sizeBytes();
      } while (next < fields.size() && size + fields.get(next).sizeBytes() <= maxFragmentBytes);
      if (size > maxFragmentBytes) {
        throw new CommandException(
            7182500,
            "Location7182500",
            "Splitting change event failed: fragment size "
                + size
                + " is greater than maximum allowed fragment size "
                + maxFragmentBytes);
      }
      fragments.add(fragment);
      sizes.add(size);
    }
    List<Fragment> result = new ArrayList<>(fragments.size());
    for (int i = 0; i < fragments.size(); i++) {
      ((Document) fragments.get(i).get("splitEvent")).put("of", fragments.size());
      result.add(new Fragment(fragments.get(i), sizes.get(i)));
    }
    return result;
  }

  /** Type byte, name and its terminator, and the value. */
  private static int elementSize(String name, Object value) {
    // A document holding only this element: 4 bytes of length and 1 terminator around it.
    return BsonSize.of(new Document(name, value)) - 5;
  }
}
