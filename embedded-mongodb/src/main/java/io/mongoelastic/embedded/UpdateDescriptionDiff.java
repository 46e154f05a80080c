package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Computes a change event's {@code updateDescription} ({@code updatedFields}, {@code
 * removedFields}, {@code truncatedArrays}) from the document before and after an update, the way
 * MongoDB's delta oplog entries describe it: changed fields by dotted path, descending into
 * embedded documents and into arrays whose elements changed in place; appended array elements as
 * {@code "array.<index>"}; shortened arrays as {@code {field, newSize}}.
 */
final class UpdateDescriptionDiff {
  private final Document updatedFields = new Document();
  private final List<String> removedFields = new ArrayList<>();
  private final List<Document> truncatedArrays = new ArrayList<>();

  private UpdateDescriptionDiff() {}

  static Document between(Document before, Document after) {
    UpdateDescriptionDiff diff = new UpdateDescriptionDiff();
    diff.diffDocuments("", before, after);
    return new Document()
        .append("updatedFields", diff.updatedFields)
        .append("removedFields", diff.removedFields)
        .append("truncatedArrays", diff.truncatedArrays);
  }

  private void diffDocuments(String prefix, Document before, Document after) {
    for (String key : before.keySet()) {
      if (!after.containsKey(key)) {
        removedFields.add(prefix + key);
      }
    }
    for (var field : after.entrySet()) {
      String path = prefix + field.getKey();
      Object newValue = field.getValue();
      if (!before.containsKey(field.getKey())) {
        updatedFields.put(path, newValue);
        continue;
      }
      diffValues(path, before.get(field.getKey()), newValue);
    }
  }

  private void diffValues(String path, Object oldValue, Object newValue) {
    if (Objects.equals(oldValue, newValue) && sameType(oldValue, newValue)) {
      return;
    }
    if (oldValue instanceof Document oldDoc && newValue instanceof Document newDoc) {
      diffDocuments(path + ".", oldDoc, newDoc);
    } else if (oldValue instanceof List<?> oldList && newValue instanceof List<?> newList) {
      diffArrays(path, oldList, newList);
    } else {
      updatedFields.put(path, newValue);
    }
  }

  private void diffArrays(String path, List<?> oldList, List<?> newList) {
    int common = Math.min(oldList.size(), newList.size());
    int changedInPlace = 0;
    for (int i = 0; i < common; i++) {
      if (!Objects.equals(oldList.get(i), newList.get(i))) {
        changedInPlace++;
      }
    }
    // When most elements moved (a removal from the front, a sort), MongoDB logs the whole array.
    if (changedInPlace > 0 && changedInPlace * 2 > Math.max(common, 1)) {
      updatedFields.put(path, newList);
      return;
    }
    for (int i = 0; i < common; i++) {
      diffValues(path + "." + i, oldList.get(i), newList.get(i));
    }
    for (int i = common; i < newList.size(); i++) {
      updatedFields.put(path + "." + i, newList.get(i));
    }
    if (newList.size() < oldList.size()) {
      truncatedArrays.add(new Document("field", path).append("newSize", newList.size()));
    }
  }

  private static boolean sameType(Object a, Object b) {
    return a == null || b == null || a.getClass() == b.getClass();
  }
}
