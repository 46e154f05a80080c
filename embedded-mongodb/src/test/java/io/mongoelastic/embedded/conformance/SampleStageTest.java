package io.mongoelastic.embedded.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** {@code $sample} as MongoDB documents it: at most {@code size} documents of the collection. */
class SampleStageTest extends ConformanceTest {

  @Test
  void sampleOfThousandsOfDocumentsReturnsSizeDocumentsOfTheCollection() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertMany(IntStream.range(0, 5_000).mapToObj(i -> new Document("_id", i)).toList());

    List<Document> sample =
        items
            .aggregate(
                List.of(
                    Aggregates.sample(200),
                    Aggregates.project(Projections.include("_id")),
                    Aggregates.sort(Sorts.ascending("_id"))))
            .into(new ArrayList<>());

    assertThat(sample).hasSize(200);
    assertThat(sample).extracting(d -> d.getInteger("_id")).allMatch(id -> id >= 0 && id < 5_000);
    assertThat(sample).extracting(d -> d.getInteger("_id")).isSorted();
  }

  @Test
  void sampleLargerThanTheCollectionReturnsEveryDocument() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertMany(IntStream.range(0, 7).mapToObj(i -> new Document("_id", i)).toList());

    assertThat(items.aggregate(List.of(Aggregates.sample(50))).into(new ArrayList<>()))
        .extracting(d -> d.getInteger("_id"))
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void negativeSizeIsRefusedWith28747() {
    MongoCollection<Document> items = target.freshDatabase().getCollection("items");
    items.insertOne(new Document("_id", 1));

    assertThatThrownBy(
            () ->
                items
                    .aggregate(List.of(new Document("$sample", new Document("size", -1))))
                    .into(new ArrayList<>()))
        .isInstanceOfSatisfying(
            MongoCommandException.class, e -> assertThat(e.getErrorCode()).isEqualTo(28747));
  }
}
