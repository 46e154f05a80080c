package io.mongoelastic.source.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDbPointer;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonJavaScriptWithScope;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.BsonValue;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class DocumentIdEncoderTest {

  private static final String HEX = "5f1b2c3d4e5f60718293a4b5";

  @Test
  void encodesObjectIdAsLowercaseHex() {
    assertThat(DocumentIdEncoder.encode(new BsonObjectId(new ObjectId(HEX)))).isEqualTo(HEX);
  }

  @Test
  void keepsOrdinaryStringsReadable() {
    for (String s :
        List.of("alice", "007", "+1", "1.5", "-0", "A5F1B2C3D4E5F60718293A4B", "ü ~x")) {
      assertThat(DocumentIdEncoder.encode(new BsonString(s))).isEqualTo(s);
    }
  }

  @Test
  void escapesStringsThatCouldCollide() {
    assertThat(DocumentIdEncoder.encode(new BsonString(HEX))).isEqualTo("~s:" + HEX);
    assertThat(DocumentIdEncoder.encode(new BsonString("1"))).isEqualTo("~s:1");
    assertThat(DocumentIdEncoder.encode(new BsonString("-9223372036854775808")))
        .isEqualTo("~s:-9223372036854775808");
    assertThat(DocumentIdEncoder.encode(new BsonString("~null"))).isEqualTo("~s:~null");
    assertThat(DocumentIdEncoder.encode(new BsonString("~s:x"))).isEqualTo("~s:~s:x");
    assertThat(DocumentIdEncoder.encode(new BsonString(""))).isEqualTo("~s:");
  }

  @Test
  void leavesIntegerLikeStringsBeyondInt64Plain() {
    // No number encodes to a plain integer outside int64, so such strings cannot collide.
    assertThat(DocumentIdEncoder.encode(new BsonString("9223372036854775808")))
        .isEqualTo("9223372036854775808");
  }

  @Test
  void encodesNumericallyEqualIdsIdentically() {
    List<BsonValue> ones =
        List.of(
            new BsonInt32(1),
            new BsonInt64(1),
            new BsonDouble(1.0),
            new BsonDecimal128(Decimal128.parse("1")),
            new BsonDecimal128(Decimal128.parse("1.000")),
            new BsonDecimal128(Decimal128.parse("0.1E+1")));
    for (BsonValue one : ones) {
      assertThat(DocumentIdEncoder.encode(one)).as(one.toString()).isEqualTo("1");
    }
    assertThat(DocumentIdEncoder.encode(new BsonDouble(-0.0))).isEqualTo("0");
    assertThat(DocumentIdEncoder.encode(new BsonDecimal128(Decimal128.NEGATIVE_ZERO)))
        .isEqualTo("0");
    assertThat(DocumentIdEncoder.encode(new BsonDouble(Double.NaN)))
        .isEqualTo(DocumentIdEncoder.encode(new BsonDecimal128(Decimal128.NaN)))
        .isEqualTo("~num:NaN");
    assertThat(DocumentIdEncoder.encode(new BsonDecimal128(Decimal128.NEGATIVE_INFINITY)))
        .isEqualTo(DocumentIdEncoder.encode(new BsonDouble(Double.NEGATIVE_INFINITY)))
        .isEqualTo("~num:-Infinity");
    assertThat(DocumentIdEncoder.encode(new BsonDouble(0.5)))
        .isEqualTo(DocumentIdEncoder.encode(new BsonDecimal128(Decimal128.parse("0.50"))))
        .isEqualTo("~num:0.5");
  }

  @Test
  void distinguishesNumbersWithDifferentExactValues() {
    // 0.1 as a double is not exactly one tenth, so MongoDB keeps it apart from
    // NumberDecimal("0.1").
    assertThat(DocumentIdEncoder.encode(new BsonDouble(0.1)))
        .isNotEqualTo(DocumentIdEncoder.encode(new BsonDecimal128(Decimal128.parse("0.1"))));
    // 2^53 + 1 is an int64 but not a double.
    assertThat(DocumentIdEncoder.encode(new BsonInt64(9007199254740993L)))
        .isEqualTo("9007199254740993")
        .isNotEqualTo(DocumentIdEncoder.encode(new BsonDouble(9007199254740992.0)));
    assertThat(DocumentIdEncoder.encode(new BsonDouble(1e20))).isEqualTo("~num:1E+20");
    assertThat(DocumentIdEncoder.encode(new BsonString("1"))).isNotEqualTo("1");
  }

  @Test
  void encodesOtherTypesWithTags() {
    assertThat(DocumentIdEncoder.encode(BsonBoolean.TRUE)).isEqualTo("~bool:true");
    assertThat(DocumentIdEncoder.encode(BsonNull.VALUE)).isEqualTo("~null");
    assertThat(DocumentIdEncoder.encode(new BsonMinKey())).isEqualTo("~minkey");
    assertThat(DocumentIdEncoder.encode(new BsonMaxKey())).isEqualTo("~maxkey");
    assertThat(DocumentIdEncoder.encode(new BsonDateTime(-1L)))
        .isEqualTo("~date:1969-12-31T23:59:59.999Z");
    assertThat(DocumentIdEncoder.encode(new BsonTimestamp(-1, 7))).isEqualTo("~ts:4294967295:7");
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(DocumentIdEncoder.encode(new BsonBinary(uuid))).isEqualTo("~uuid:" + uuid);
    assertThat(DocumentIdEncoder.encode(new BsonBinary(new byte[] {1, 2, 3})))
        .isEqualTo("~bin:0:AQID");
    assertThat(DocumentIdEncoder.encode(new BsonRegularExpression("a/b", "i")))
        .isEqualTo("~regex:/a/b/i");
    assertThat(
            DocumentIdEncoder.encode(
                new BsonDocument("user", new BsonInt32(5)).append("day", new BsonString("x"))))
        .isEqualTo("~doc:{\"user\":\"5\",\"day\":\"x\"}");
  }

  @Test
  void symbolIsTheSameIdAsTheEqualString() {
    assertThat(DocumentIdEncoder.encode(new BsonSymbol("abc"))).isEqualTo("abc");
    assertThat(DocumentIdEncoder.encode(new BsonSymbol("1"))).isEqualTo("~s:1");
  }

  @Test
  void documentsWithDifferentFieldOrderAreDifferentIds() {
    BsonDocument ab = new BsonDocument("a", new BsonInt32(1)).append("b", new BsonInt32(2));
    BsonDocument ba = new BsonDocument("b", new BsonInt32(2)).append("a", new BsonInt32(1));
    assertThat(DocumentIdEncoder.encode(ab)).isNotEqualTo(DocumentIdEncoder.encode(ba));
  }

  @Test
  void documentsWithNumericallyEqualValuesAreTheSameId() {
    BsonDocument intOne = new BsonDocument("a", new BsonInt32(1));
    BsonDocument doubleOne = new BsonDocument("a", new BsonDouble(1.0));
    assertThat(DocumentIdEncoder.encode(intOne)).isEqualTo(DocumentIdEncoder.encode(doubleOne));
  }

  @Test
  void roundTripsEveryTrickyValue() {
    for (BsonValue value : trickyIds()) {
      String key = DocumentIdEncoder.encode(value);
      BsonValue decoded = DocumentIdEncoder.decode(key);
      assertThat(DocumentIdEncoder.encode(decoded)).as(value.toString()).isEqualTo(key);
      if (!loosensOnDecode(value)) {
        assertThat(decoded).as(key).isEqualTo(value);
      }
    }
  }

  @Test
  void decodesNumbersToTheSameNumericValue() {
    assertThat(DocumentIdEncoder.decode("1")).isEqualTo(new BsonInt32(1));
    assertThat(DocumentIdEncoder.decode("9007199254740993"))
        .isEqualTo(new BsonInt64(9007199254740993L));
    assertThat(DocumentIdEncoder.decode("~num:0.5")).isEqualTo(new BsonDouble(0.5));
    assertThat(DocumentIdEncoder.decode("~num:0.1"))
        .isEqualTo(new BsonDecimal128(Decimal128.parse("0.1")));
    assertThat(DocumentIdEncoder.decode("~num:NaN")).isEqualTo(new BsonDouble(Double.NaN));
    assertThat(DocumentIdEncoder.decode(HEX)).isEqualTo(new BsonObjectId(new ObjectId(HEX)));
    assertThat(DocumentIdEncoder.decode("~s:" + HEX)).isEqualTo(new BsonString(HEX));
  }

  @Test
  void isInjectiveOverTrickyValues() {
    Map<String, BsonValue> seen = new HashMap<>();
    for (BsonValue value : trickyIds()) {
      String key = DocumentIdEncoder.encode(value);
      BsonValue earlier = seen.put(key, value);
      if (earlier != null) {
        // Only values MongoDB itself treats as the same _id may share a key.
        assertThat(sameIdInMongo(earlier, value)).as(earlier + " vs " + value).isTrue();
      }
    }
  }

  @Test
  void refusesTextThatIsNotACanonicalKey() {
    for (String bad :
        List.of(
            "",
            "~",
            "~nope:1",
            "~num:1",
            "~num:1.50",
            "~num:abc",
            "~bool:yes",
            "~date:2024-01-01",
            "~uuid:1-1-1-1-1",
            "~doc:{\"a\":1}",
            "~doc:{\"a\":\"1\"}x",
            "~ts:1",
            "~bin:300:AA==")) {
      assertThatThrownBy(() -> DocumentIdEncoder.decode(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Numbers and symbols decode to a MongoDB-equal value of a possibly different BSON type. */
  private static boolean loosensOnDecode(BsonValue value) {
    if (CanonicalNumber.isNumber(value) || value.isSymbol()) {
      return true;
    }
    if (value.isDocument()) {
      return value.asDocument().values().stream().anyMatch(v -> loosensOnDecode(v));
    }
    if (value.isArray()) {
      return value.asArray().stream().anyMatch(v -> loosensOnDecode(v));
    }
    if (value.isJavaScriptWithScope()) {
      return loosensOnDecode(value.asJavaScriptWithScope().getScope());
    }
    return false;
  }

  private static boolean sameIdInMongo(BsonValue a, BsonValue b) {
    if (CanonicalNumber.isNumber(a) && CanonicalNumber.isNumber(b)) {
      return CanonicalNumber.text(a).equals(CanonicalNumber.text(b));
    }
    String textA =
        a.isSymbol() ? a.asSymbol().getSymbol() : a.isString() ? a.asString().getValue() : null;
    String textB =
        b.isSymbol() ? b.asSymbol().getSymbol() : b.isString() ? b.asString().getValue() : null;
    if (textA != null && textB != null) {
      return textA.equals(textB);
    }
    if (a.isDocument() && b.isDocument()) {
      List<String> namesA = new ArrayList<>(a.asDocument().keySet());
      List<String> namesB = new ArrayList<>(b.asDocument().keySet());
      if (!namesA.equals(namesB)) {
        return false;
      }
      for (String name : namesA) {
        if (!sameIdInMongo(a.asDocument().get(name), b.asDocument().get(name))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static List<BsonValue> trickyIds() {
    List<BsonValue> ids = new ArrayList<>();
    ObjectId oid = new ObjectId(HEX);
    ids.add(new BsonObjectId(oid));
    for (String s :
        List.of(
            HEX,
            HEX.toUpperCase(),
            "1",
            "-1",
            "0",
            "-0",
            "01",
            "9223372036854775807",
            "9223372036854775808",
            "",
            "~",
            "~s:",
            "~s:1",
            "~null",
            "~num:1.5",
            "~doc:{}",
            "a\"b\\c\u0001",
            "plain",
            "true",
            "null",
            "NaN",
            "2024-01-01T00:00:00.000Z")) {
      ids.add(new BsonString(s));
    }
    ids.add(new BsonSymbol("plain"));
    ids.add(new BsonSymbol("1"));
    ids.add(new BsonInt32(1));
    ids.add(new BsonInt64(1));
    ids.add(new BsonDouble(1.0));
    ids.add(new BsonDecimal128(Decimal128.parse("1.00")));
    ids.add(new BsonInt32(0));
    ids.add(new BsonDouble(-0.0));
    ids.add(new BsonDecimal128(Decimal128.NEGATIVE_ZERO));
    ids.add(new BsonInt32(-1));
    ids.add(new BsonInt32(Integer.MIN_VALUE));
    ids.add(new BsonInt64(Long.MAX_VALUE));
    ids.add(new BsonInt64(Long.MIN_VALUE));
    ids.add(new BsonInt64(9007199254740993L));
    ids.add(new BsonDouble(9007199254740992.0));
    ids.add(new BsonDouble(9.223372036854775807E18));
    ids.add(new BsonDouble(0.1));
    ids.add(new BsonDecimal128(Decimal128.parse("0.1")));
    ids.add(new BsonDouble(1.5));
    ids.add(new BsonDecimal128(Decimal128.parse("1.5")));
    ids.add(new BsonDouble(Double.MAX_VALUE));
    ids.add(new BsonDouble(Double.MIN_VALUE));
    ids.add(new BsonDouble(Double.NaN));
    ids.add(new BsonDouble(Double.POSITIVE_INFINITY));
    ids.add(new BsonDouble(Double.NEGATIVE_INFINITY));
    ids.add(new BsonDecimal128(Decimal128.NaN));
    ids.add(new BsonDecimal128(Decimal128.POSITIVE_INFINITY));
    ids.add(new BsonDecimal128(Decimal128.parse("1234567890123456789012345678901234")));
    ids.add(new BsonDecimal128(Decimal128.parse("-1.234567890123456789012345678901234E+6144")));
    ids.add(new BsonDecimal128(new Decimal128(new BigDecimal("1E-6176"))));
    ids.add(BsonBoolean.TRUE);
    ids.add(BsonBoolean.FALSE);
    ids.add(BsonNull.VALUE);
    ids.add(new BsonUndefined());
    ids.add(new BsonMinKey());
    ids.add(new BsonMaxKey());
    ids.add(new BsonDateTime(0));
    ids.add(new BsonDateTime(-1));
    ids.add(new BsonDateTime(Long.MIN_VALUE));
    ids.add(new BsonDateTime(Long.MAX_VALUE));
    ids.add(new BsonTimestamp(0, 0));
    ids.add(new BsonTimestamp(-1, -1));
    ids.add(new BsonTimestamp(1700000000, 3));
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    ids.add(new BsonBinary(uuid));
    ids.add(new BsonBinary(BsonBinarySubType.UUID_LEGACY, new BsonBinary(uuid).getData()));
    ids.add(new BsonBinary(new byte[0]));
    ids.add(new BsonBinary(new byte[] {(byte) 0xff, 0, 1}));
    ids.add(new BsonBinary((byte) 0x80, new byte[] {1}));
    ids.add(new BsonBinary(BsonBinarySubType.UUID_STANDARD, new byte[] {1, 2}));
    ids.add(new BsonRegularExpression("a/b:c", "imsx"));
    ids.add(new BsonRegularExpression("", ""));
    ids.add(new BsonJavaScript("function() { return 1; }"));
    ids.add(new BsonJavaScriptWithScope("x", new BsonDocument("x", new BsonInt32(1))));
    ids.add(new BsonJavaScriptWithScope("1", new BsonDocument()));
    ids.add(new BsonDbPointer("db.c:x", oid));
    BsonDocument ab = new BsonDocument("a", new BsonInt32(1)).append("b", new BsonString("1"));
    BsonDocument ba = new BsonDocument("b", new BsonString("1")).append("a", new BsonInt32(1));
    ids.add(ab);
    ids.add(ba);
    ids.add(new BsonDocument("a", new BsonString("1")).append("b", new BsonInt32(1)));
    ids.add(new BsonDocument("a", new BsonDouble(1.0)).append("b", new BsonString("1")));
    ids.add(new BsonDocument());
    ids.add(new BsonDocument("", new BsonString("")));
    ids.add(new BsonDocument("$oid", new BsonString(HEX)));
    ids.add(new BsonDocument("a\"\\", new BsonString("\"}]")));
    ids.add(
        new BsonDocument(
            "nested",
            new BsonDocument("deeper", new BsonDocument("oid", new BsonObjectId(oid)))
                .append("list", new BsonArray(List.of(new BsonInt32(1), new BsonString("1"))))));
    ids.add(new BsonDocument("list", new BsonArray()));
    ids.add(new BsonDocument("list", new BsonArray(List.of(new BsonArray()))));
    ids.add(new BsonArray(List.of(new BsonString("a"), new BsonDocument())));
    return ids;
  }
}
