package io.mongoelastic.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The computed size equals what the wire encoder writes, for every type it writes. */
class BsonSizeTest {
  private static int encoded(Document document) {
    ByteBuf buffer = Unpooled.buffer();
    try {
      BsonEncoder.encodeDocument(document, buffer);
      return buffer.writerIndex();
    } finally {
      buffer.release();
    }
  }

  @Test
  void equalsTheEncodedSizeForEveryValueType() {
    Document document =
        new Document("_id", new ObjectId())
            .append("null", null)
            .append("int", 7)
            .append("long", 7L)
            .append("double", 1.5)
            .append("decimal", Decimal128.fromNumber(new BigDecimal("1.25")))
            .append("bool", true)
            .append("date", Instant.now())
            .append("ts", new BsonTimestamp(123L))
            .append("bin", new BinData(new byte[] {1, 2, 3}))
            .append("uuid", UUID.randomUUID())
            .append("legacyUuid", new LegacyUUID(UUID.randomUUID()))
            .append("regex", new BsonRegularExpression("^a.*", "i"))
            .append("code", new BsonJavaScript("function() {}"))
            .append("min", MinKey.getInstance())
            .append("max", MaxKey.getInstance())
            .append("nested", new Document("a", new Document("b", List.of(1, "two", 3.0))))
            .append("set", Set.of("x"));

    assertThat(BsonSize.of(document)).isEqualTo(encoded(document));
  }

  @Test
  void countsArrayIndexNamesOfEveryWidth() {
    List<Integer> values = new ArrayList<>();
    IntStream.range(0, 1205).forEach(values::add);
    Document document = new Document("array", values);

    assertThat(BsonSize.of(document)).isEqualTo(encoded(document));
  }

  @Test
  void countsUtf8BytesOfNamesAndStrings() {
    Document document =
        new Document("ascii", "abc")
            .append("zwei-byte-ä", "ñandú")
            .append("three-byte-€", "日本語")
            .append("surrogate-pair-😀", "🎉 party")
            .append("lone-surrogate", "a\uD800b\uDC00c");

    assertThat(BsonSize.of(document)).isEqualTo(encoded(document));
  }
}
