package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateDescriptionDiffTest {

  private static Document doc(Object... pairs) {
    Document document = new Document();
    for (int i = 0; i < pairs.length; i += 2) {
      document.put((String) pairs[i], pairs[i + 1]);
    }
    return document;
  }

  @Test
  void reportsChangedNestedFieldsByDottedPathAndRemovedFields() {
    Document before = doc("_id", 1, "a", 1, "b", doc("c", 1, "d", 2), "gone", true);
    Document after = doc("_id", 1, "a", 2, "b", doc("c", 5, "d", 2), "new", "x");

    Document description = UpdateDescriptionDiff.between(before, after);

    assertThat(description.get("updatedFields")).isEqualTo(doc("a", 2, "b.c", 5, "new", "x"));
    assertThat(description.get("removedFields")).isEqualTo(List.of("gone"));
    assertThat(description.get("truncatedArrays")).isEqualTo(List.of());
  }

  @Test
  void reportsAppendedElementsByIndexAndShortenedArraysAsTruncated() {
    Document appended =
        UpdateDescriptionDiff.between(doc("arr", List.of(1, 2)), doc("arr", List.of(1, 2, 3)));
    Document shortened =
        UpdateDescriptionDiff.between(doc("arr", List.of(1, 2, 3)), doc("arr", List.of(1, 2)));

    assertThat(appended.get("updatedFields")).isEqualTo(doc("arr.2", 3));
    assertThat(shortened.get("updatedFields")).isEqualTo(doc());
    assertThat(shortened.get("truncatedArrays"))
        .isEqualTo(List.of(doc("field", "arr", "newSize", 2)));
  }

  @Test
  void reportsTheWholeArrayWhenMostElementsMoved() {
    Document description =
        UpdateDescriptionDiff.between(doc("arr", List.of(1, 2, 3)), doc("arr", List.of(2, 3)));

    assertThat(description.get("updatedFields")).isEqualTo(doc("arr", List.of(2, 3)));
    assertThat(description.get("truncatedArrays")).isEqualTo(List.of());
  }

  @Test
  void reportsATypeChangeOfAnEqualNumber() {
    Document description = UpdateDescriptionDiff.between(doc("n", 1), doc("n", 1L));

    assertThat(description.get("updatedFields")).isEqualTo(doc("n", 1L));
  }
}
