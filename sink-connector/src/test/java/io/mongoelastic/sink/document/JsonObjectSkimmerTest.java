package io.mongoelastic.sink.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The skimmer is only allowed to answer what Jackson's full parse answers: every layout it gives is
 * compared with the full path's, and everything it is not sure of must give null.
 */
class JsonObjectSkimmerTest {
  private static final List<String> DOCUMENTS =
      List.of(
          "{\"name\":\"Ada Lovelace\",\"email\":\"ada.lovelace1@example.org\",\"age\":36,"
              + "\"active\":true,\"score\":12.5,\"counter\":-421,\"createdAt\":"
              + "\"2024-01-01T00:00:01Z\",\"address\":{\"street\":\"12 shard\",\"zip\":\"01234\","
              + "\"city\":\"Oslo\"},\"tags\":[\"bulk\",\"merge\",\"node\"],\"rev\":0,\"none\":null}",
          "{}",
          " \r\n{ } \n",
          "{\"_id\":\"x\",\"a\":1}",
          "{\"a\":1,\"_id\":{\"$oid\":\"65a1\"},\"b\":[]}",
          "{\"a\":1 , \"_id\" : \"x\" }",
          "{\n  \"a\": [1, 2.25, -0, {\"b\": [[], {}]}],\n  \"c\": \"line\\nbreak \\\"q\\\" \\u00e9\"\n}",
          "{\"città\":\"Zürich — 東京 😀\",\"x\":false}",
          "{\"a\":{\"_source\":1,\"_id\":2},\"deep\":[[[[{\"k\":\"v\"}]]]]}");

  private static JsonObjectSkimmer.Layout skim(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return JsonObjectSkimmer.skim(bytes, 0, bytes.length);
  }

  private static JsonObjectSkimmer.Layout parse(byte[] bytes) {
    return JsonTextScanner.parse(bytes, 0, bytes.length, null);
  }

  @Test
  void givesTheSameLayoutAsTheFullParseForCommonDocuments() {
    for (String document : DOCUMENTS) {
      byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
      JsonObjectSkimmer.Layout layout = JsonObjectSkimmer.skim(bytes, 0, bytes.length);
      assertThat(layout).as(document).isNotNull().isEqualTo(parse(bytes));
    }
  }

  @Test
  void findsTheTopLevelIdAndLineBreaks() {
    JsonObjectSkimmer.Layout last = skim("{\"a\":1,\n\"_id\":\"x\"}");
    assertThat(last.idStart()).isEqualTo(8);
    assertThat(last.idEnd()).isEqualTo(17);
    assertThat(last.idLast()).isTrue();
    assertThat(last.lineBreaks()).isTrue();
    assertThat(last.fields()).isEqualTo(2);
    JsonObjectSkimmer.Layout none = skim("\n{\"a\":\"b\"}\n");
    assertThat(none.idStart()).isEqualTo(-1);
    assertThat(none.lineBreaks()).as("blanks around the object are not inside it").isFalse();
    assertThat(none.objectStart()).isEqualTo(1);
    assertThat(none.objectEnd()).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"_source\":1}",
        "{\"_id\":1,\"_id\":2}",
        "{\"\\u005fid\":1}",
        "{\"a\":1e3}",
        "{\"a\":1.5E-2}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":+1}",
        "{\"a\":NaN}",
        "{\"a\":-Infinity}",
        "{\"a\":1,}",
        "{\"a\":[1,]}",
        "{\"a\" 1}",
        "{\"a\":tru}",
        "{\"a\":truex}",
        "{\"a\":\"unterminated}",
        "{\"a\":\"bad \\x escape\"}",
        "{\"a\":\"raw\ttab\"}",
        "{\"a\":1}{\"b\":2}",
        "{\"a\":1} x",
        "[{\"a\":1}]",
        "\"text\"",
        "",
        "{'a':1}",
        "{a:1}",
        "{\"a\":1 // comment\n}"
      })
  void leavesWhatItIsNotSureOfToTheFullParse(String text) {
    assertThat(skim(text)).isNull();
  }

  @Test
  void leavesMalformedUtf8AndDeepNestingToTheFullParse() {
    byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};
    byte[] surrogate = {
      '{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
    };
    byte[] cut = {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'};
    for (byte[] bytes : List.of(overlong, surrogate, cut)) {
      assertThat(JsonObjectSkimmer.skim(bytes, 0, bytes.length)).isNull();
    }
    String deep = "{\"a\":" + "[".repeat(300) + "]".repeat(300) + "}";
    assertThat(skim(deep)).isNull();
    String shallow = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
    assertThat(skim(shallow)).isNotNull();
  }

  @Test
  void skimsOnlyInsideTheGivenSlice() {
    byte[] bytes = "xx{\"a\":1}yy".getBytes(StandardCharsets.UTF_8);
    JsonObjectSkimmer.Layout layout = JsonObjectSkimmer.skim(bytes, 2, 9);
    assertThat(layout.objectStart()).isEqualTo(2);
    assertThat(layout.objectEnd()).isEqualTo(9);
  }

  /**
   * Random one-byte edits of valid documents: whenever the skimmer still answers, the full parse
   * accepts the text too and finds the same layout.
   */
  @Test
  void neverAcceptsWhatTheFullParseRefusesOrReadsDifferently() {
    SplittableRandom random = new SplittableRandom(20261129);
    byte[] alphabet =
        "{}[]\",:.-+eE0123456789 \n\t\\_idtrufalsn/\u00e9x".getBytes(StandardCharsets.UTF_8);
    int answered = 0;
    List<String> disagreements = new ArrayList<>();
    for (int round = 0; round < 40_000; round++) {
      byte[] original =
          DOCUMENTS.get(random.nextInt(DOCUMENTS.size())).getBytes(StandardCharsets.UTF_8);
      byte[] edited = edit(original, random, alphabet);
      JsonObjectSkimmer.Layout layout = JsonObjectSkimmer.skim(edited, 0, edited.length);
      if (layout == null) {
        continue;
      }
      answered++;
      try {
        JsonObjectSkimmer.Layout full = parse(edited);
        if (!layout.equals(full)) {
          disagreements.add(
              new String(edited, StandardCharsets.UTF_8) + " → " + layout + " vs " + full);
        }
      } catch (MalformedDocumentException e) {
        disagreements.add(
            new String(edited, StandardCharsets.UTF_8) + " → refused: " + e.getMessage());
      }
    }
    assertThat(disagreements).isEmpty();
    assertThat(answered).as("edits that stay valid JSON are still skimmed").isGreaterThan(1_000);
  }

  private static byte[] edit(byte[] original, SplittableRandom random, byte[] alphabet) {
    int at = random.nextInt(original.length + 1);
    byte with = alphabet[random.nextInt(alphabet.length)];
    int kind = random.nextInt(3);
    if (kind == 0 && at < original.length) {
      byte[] replaced = original.clone();
      replaced[at] = with;
      return replaced;
    }
    if (kind == 1 && at < original.length) {
      byte[] removed = new byte[original.length - 1];
      System.arraycopy(original, 0, removed, 0, at);
      System.arraycopy(original, at + 1, removed, at, original.length - at - 1);
      return removed;
    }
    byte[] inserted = new byte[original.length + 1];
    System.arraycopy(original, 0, inserted, 0, at);
    inserted[at] = with;
    System.arraycopy(original, at, inserted, at + 1, original.length - at);
    return inserted;
  }
}
