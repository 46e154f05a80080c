package io.mongoelastic.source.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.OperationType;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.junit.jupiter.api.Test;

class SplitEventAssemblerTest {
  private static final Codec<ChangeStreamDocument<BsonDocument>> CODEC =
      ChangeStreamDocument.createCodec(
          BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());

  /** Decoded by the driver's own codec, as the cursor decodes what the server sends. */
  private static ChangeStreamDocument<BsonDocument> event(String json) {
    return CODEC.decode(
        new BsonDocumentReader(BsonDocument.parse(json)), DecoderContext.builder().build());
  }

  // The shape MongoDB documents: top-level fields in order, cut between fields.
  private static ChangeStreamDocument<BsonDocument> fragment(int n, int of, String fields) {
    return event(
        "{_id: {_data: 'T"
            + n
            + "'}, "
            + fields
            + (fields.isEmpty() ? "" : ", ")
            + "splitEvent: {fragment: "
            + n
            + ", of: "
            + of
            + "}}");
  }

  private static final String HEAD =
      "operationType: 'update', clusterTime: {$timestamp: {t: 100, i: 1}},"
          + " wallTime: {$date: 1000}, ns: {db: 'd', coll: 'c'}, documentKey: {_id: 7}";

  @Test
  void returnsAnEventThatIsNotSplitAsItIs() {
    SplitEventAssembler assembler = new SplitEventAssembler();
    ChangeStreamDocument<BsonDocument> plain =
        event("{_id: {_data: 'A'}, " + HEAD + ", fullDocument: {_id: 7}}");
    assertThat(assembler.accept(plain)).isSameAs(plain);
    assertThat(assembler.pending()).isFalse();
  }

  @Test
  void assemblesFragmentsArrivingInSeparatePollsWithTheLastFragmentsToken() {
    SplitEventAssembler assembler = new SplitEventAssembler();
    assertThat(assembler.accept(fragment(1, 3, HEAD))).isNull();
    assertThat(assembler.pending()).isTrue();
    assertThat(assembler.accept(fragment(2, 3, "fullDocument: {_id: 7, big: 'x'}"))).isNull();
    ChangeStreamDocument<BsonDocument> whole =
        assembler.accept(fragment(3, 3, "fullDocumentBeforeChange: {_id: 7, big: 'w'}"));

    assertThat(whole).isNotNull();
    assertThat(assembler.pending()).isFalse();
    assertThat(whole.getResumeToken()).isEqualTo(BsonDocument.parse("{_data: 'T3'}"));
    assertThat(whole.getOperationType()).isEqualTo(OperationType.UPDATE);
    assertThat(whole.getDocumentKey()).isEqualTo(BsonDocument.parse("{_id: 7}"));
    assertThat(whole.getFullDocument()).isEqualTo(BsonDocument.parse("{_id: 7, big: 'x'}"));
    assertThat(whole.getFullDocumentBeforeChange())
        .isEqualTo(BsonDocument.parse("{_id: 7, big: 'w'}"));
    assertThat(whole.getClusterTime().getTime()).isEqualTo(100);
    assertThat(whole.getNamespace().getFullName()).isEqualTo("d.c");
    assertThat(whole.getSplitEvent()).isNull();
  }

  @Test
  void aRestartBetweenFragmentsGetsTheWholeEventAgainFromTheFirstFragment() {
    SplitEventAssembler beforeRestart = new SplitEventAssembler();
    assertThat(beforeRestart.accept(fragment(1, 2, HEAD))).isNull();
    // Stopped here: the caller stored nothing newer than the event before fragment 1 (pending),
    // so the restarted stream sends fragment 1 again.
    assertThat(beforeRestart.pending()).isTrue();

    SplitEventAssembler afterRestart = new SplitEventAssembler();
    assertThat(afterRestart.accept(fragment(1, 2, HEAD))).isNull();
    ChangeStreamDocument<BsonDocument> whole =
        afterRestart.accept(fragment(2, 2, "fullDocument: {_id: 7}"));
    assertThat(whole.getFullDocument()).isEqualTo(BsonDocument.parse("{_id: 7}"));
    assertThat(whole.getResumeToken()).isEqualTo(BsonDocument.parse("{_data: 'T2'}"));
  }

  @Test
  void startsOverWhenTheFirstFragmentArrivesAgain() {
    SplitEventAssembler assembler = new SplitEventAssembler();
    assembler.accept(fragment(1, 2, HEAD));
    assertThat(assembler.accept(fragment(1, 2, HEAD))).isNull();
    assertThat(assembler.accept(fragment(2, 2, "fullDocument: {_id: 7}"))).isNotNull();
  }

  @Test
  void reportsAFragmentWithoutItsHead() {
    SplitEventAssembler assembler = new SplitEventAssembler();
    assertThat(assembler.accept(fragment(2, 3, "fullDocument: {_id: 7}"))).isNull();
    assertThat(assembler.headLost()).isTrue();
    assertThat(assembler.pending()).isFalse();
    assembler.reset();
    assertThat(assembler.headLost()).isFalse();
  }
}
