package io.mongoelastic.source.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.record.SourceVersion;
import java.util.List;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonUndefined;
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** Keeps the examples in docs/mongodb-source-record-format.md true. */
class DocumentedExamplesTest {

  @Test
  void keyExamplesInTheFormatDocumentHold() {
    assertThat(DocumentIdEncoder.encode(new BsonDouble(0.1)))
        .isEqualTo("~num:0.1000000000000000055511151231257827021181583404541015625");
    assertThat(DocumentIdEncoder.encode(new BsonDecimal128(Decimal128.parse("0.1"))))
        .isEqualTo("~num:0.1");
    assertThat(DocumentIdEncoder.encode(new BsonDecimal128(Decimal128.parse("0.00000010"))))
        .isEqualTo("~num:1E-7");
    assertThat(
            DocumentIdEncoder.encode(
                new BsonBinary(
                    UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                    UuidRepresentation.PYTHON_LEGACY)))
        .isEqualTo("~bin:3:Ej5FZ+ibEtOkVkJmFBdAAA==");
    assertThat(DocumentIdEncoder.encode(new BsonJavaScript("return 1"))).isEqualTo("~js:return 1");
    assertThat(
            DocumentIdEncoder.encode(
                new BsonJavaScriptWithScope("x", new BsonDocument("x", new BsonInt32(1)))))
        .isEqualTo("~jsscope:[\"x\",{\"x\":\"1\"}]");
    assertThat(
            DocumentIdEncoder.encode(
                new BsonDbPointer("db.c", new ObjectId("5f1b2c3d4e5f60718293a4b5"))))
        .isEqualTo("~dbpointer:5f1b2c3d4e5f60718293a4b5:db.c");
    assertThat(DocumentIdEncoder.encode(new BsonRegularExpression("^a", "i")))
        .isEqualTo("~regex:/^a/i");
    assertThat(DocumentIdEncoder.encode(new BsonUndefined())).isEqualTo("~undefined");
    assertThat(DocumentIdEncoder.encode(new BsonString("~s:x"))).isEqualTo("~s:~s:x");
    BsonDocument compound =
        new BsonDocument("user", new BsonInt32(5))
            .append("tags", new BsonArray(List.of(new BsonString("a"))))
            .append("at", new BsonDocument("x", new BsonString("1")));
    assertThat(DocumentIdEncoder.encode(compound))
        .isEqualTo("~doc:{\"user\":\"5\",\"tags\":[\"a\"],\"at\":{\"x\":\"~s:1\"}}");
  }

  @Test
  void sourceVersionExampleInTheFormatDocumentHolds() {
    assertThat(SourceVersion.of(1_700_000_000, 3)).isEqualTo(3650722201600000003L);
  }
}
