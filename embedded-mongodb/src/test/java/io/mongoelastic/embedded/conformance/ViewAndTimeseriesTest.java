package io.mongoelastic.embedded.conformance;

import static io.mongoelastic.embedded.conformance.ChangeStreamReader.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CreateCollectionOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.TimeSeriesOptions;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Views and time-series collections as the manual describes them: {@code create} with {@code
 * viewOn}/{@code pipeline} ("Views" page: read-only, queries run the view pipeline over the source)
 * and with {@code timeseries} ("Time Series" page); {@code listCollections} reports {@code type:
 * "view"} / {@code "timeseries"} / {@code "collection"} and lists the {@code system.buckets.*} and
 * {@code system.views} collections; change streams cannot be opened on either (166
 * CommandNotSupportedOnView, as in the server's own time-series change-stream test).
 */
class ViewAndTimeseriesTest extends ConformanceTest {
  private static final List<Document> OVER_ONE =
      List.of(new Document("$match", new Document("n", new Document("$gt", 1))));

  private static MongoDatabase withItemsAndView() {
    MongoDatabase db = target.freshDatabase();
    db.getCollection("items")
        .insertMany(
            List.of(
                new Document("_id", 1).append("n", 1),
                new Document("_id", 2).append("n", 2),
                new Document("_id", 3).append("n", 3)));
    db.createView("big", "items", OVER_ONE);
    return db;
  }

  private static void createWeather(MongoDatabase db) {
    db.createCollection(
        "weather",
        new CreateCollectionOptions()
            .timeSeriesOptions(new TimeSeriesOptions("ts").metaField("sensor")));
  }

  private static void assertFailsWith(int code, ThrowingCallable command) {
    assertThatThrownBy(command)
        .isInstanceOfSatisfying(MongoException.class, e -> assertThat(e.getCode()).isEqualTo(code));
  }

  private static Map<String, BsonDocument> listing(MongoDatabase db) {
    Map<String, BsonDocument> byName = new TreeMap<>();
    for (BsonDocument entry : db.listCollections(BsonDocument.class)) {
      byName.put(entry.getString("name").getValue(), entry);
    }
    return byName;
  }

  @Test
  void listCollectionsReportsTheTypeOfEachNamespace() {
    MongoDatabase db = withItemsAndView();
    createWeather(db);

    Map<String, BsonDocument> entries = listing(db);
    assertThat(entries.get("items").getString("type").getValue()).isEqualTo("collection");
    BsonDocument view = entries.get("big");
    assertThat(view.getString("type").getValue()).isEqualTo("view");
    assertThat(view.getDocument("options").getString("viewOn").getValue()).isEqualTo("items");
    assertThat(view.getDocument("options").getArray("pipeline"))
        .containsExactly(BsonDocument.parse("{$match: {n: {$gt: 1}}}"));
    assertThat(view.getDocument("info").getBoolean("readOnly").getValue()).isTrue();
    BsonDocument weather = entries.get("weather");
    assertThat(weather.getString("type").getValue()).isEqualTo("timeseries");
    BsonDocument timeseries = weather.getDocument("options").getDocument("timeseries");
    assertThat(timeseries.getString("timeField").getValue()).isEqualTo("ts");
    assertThat(timeseries.getString("metaField").getValue()).isEqualTo("sensor");
    assertThat(timeseries.getString("granularity").getValue()).isEqualTo("seconds");
    assertThat(entries).containsKeys("system.buckets.weather", "system.views");
  }

  @Test
  void listCollectionsHonoursFilterAndNameOnly() {
    MongoDatabase db = withItemsAndView();

    List<String> views = new ArrayList<>();
    db.listCollections()
        .filter(Filters.eq("type", "view"))
        .forEach(entry -> views.add(entry.getString("name")));
    assertThat(views).containsExactly("big");

    List<Document> namesOnly = new ArrayList<>();
    db.runCommand(
            new Document("listCollections", 1)
                .append("nameOnly", true)
                .append("filter", new Document("name", "items")))
        .get("cursor", Document.class)
        .getList("firstBatch", Document.class)
        .forEach(namesOnly::add);
    assertThat(namesOnly)
        .containsExactly(new Document("name", "items").append("type", "collection"));
  }

  @Test
  void readsOfAViewRunItsPipelineOverTheSource() {
    MongoDatabase db = withItemsAndView();
    MongoCollection<Document> big = db.getCollection("big");

    assertThat(
            big.find()
                .sort(Sorts.ascending("n"))
                .map(d -> d.getInteger("n"))
                .into(new ArrayList<>()))
        .containsExactly(2, 3);
    assertThat(big.find(Filters.eq("n", 3)).map(d -> d.getInteger("_id")).into(new ArrayList<>()))
        .containsExactly(3);
    assertThat(big.countDocuments()).isEqualTo(2);
    assertThat(big.distinct("n", Integer.class).into(new ArrayList<>()))
        .containsExactlyInAnyOrder(2, 3);
    assertThat(big.estimatedDocumentCount()).isEqualTo(2);
    assertThat(
            big.aggregate(List.of(new Document("$sort", new Document("n", -1))))
                .map(d -> d.getInteger("n"))
                .into(new ArrayList<>()))
        .containsExactly(3, 2);
  }

  @Test
  void viewOnAViewAppliesBothPipelines() {
    MongoDatabase db = withItemsAndView();
    db.createView("biggest", "big", List.of(new Document("$match", new Document("n", 3))));

    assertThat(
            db.getCollection("biggest")
                .find()
                .map(d -> d.getInteger("_id"))
                .into(new ArrayList<>()))
        .containsExactly(3);
  }

  @Test
  void writesToAViewFail() {
    MongoCollection<Document> big = withItemsAndView().getCollection("big");

    assertFailsWith(166, () -> big.insertOne(new Document("n", 5)));
    assertFailsWith(166, () -> big.deleteMany(new Document()));
  }

  @Test
  void changeStreamOnAViewIsRefused() {
    MongoCollection<Document> big = withItemsAndView().getCollection("big");

    assertFailsWith(166, () -> open(big.watch()));
  }

  @Test
  void changeStreamOnATimeseriesCollectionIsRefused() {
    MongoDatabase db = target.freshDatabase();
    createWeather(db);

    assertFailsWith(166, () -> open(db.getCollection("weather").watch()));
  }

  @Test
  void changeStreamOnTheBucketCollectionIsRefused() {
    MongoDatabase db = target.freshDatabase();
    createWeather(db);

    assertFailsWith(73, () -> open(db.getCollection("system.buckets.weather").watch()));
  }

  @Test
  void timeseriesMeasurementsAreStoredButNotReportedToDatabaseStreams() {
    MongoDatabase db = target.freshDatabase();
    createWeather(db);
    db.getCollection("items").insertOne(new Document("_id", 0));
    try (var cursor = open(db.watch())) {
      db.getCollection("weather")
          .insertOne(new Document("ts", new Date()).append("sensor", "a").append("t", 20));
      db.getCollection("items").insertOne(new Document("_id", 1));

      List<ChangeStreamDocument<Document>> events = take(cursor, 1);
      assertThat(events.get(0).getNamespace().getCollectionName()).isEqualTo("items");
    }
    assertThat(db.getCollection("weather").countDocuments()).isEqualTo(1);
  }
}
