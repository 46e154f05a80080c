package io.mongoelastic.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.junit.jupiter.api.Test;

class ConfigReferenceMarkdownTest {
  private static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              "b.second",
              Type.INT,
              5,
              ConfigDef.Range.atLeast(1),
              Importance.LOW,
              "Second.",
              "Beta",
              2,
              Width.SHORT,
              "B second")
          .define(
              "a.secret",
              Type.PASSWORD,
              "s3cr3t",
              Importance.HIGH,
              "A secret.",
              "Alpha",
              1,
              Width.LONG,
              "A secret")
          .define(
              "b.first", Type.STRING, Importance.HIGH, "First.", "Beta", 1, Width.LONG, "B first")
          .define("loose", Type.LIST, "x,y", Importance.LOW, "No group.");

  @Test
  void listsGroupsInDeclarationOrderAndKeysByOrderInGroup() {
    String md = ConfigReferenceMarkdown.render("Title", "Intro.", DEFINITION);

    assertThat(md).startsWith("# Title\n\nIntro.\n\n<!-- Generated");
    assertThat(md.indexOf("## Beta")).isLessThan(md.indexOf("## Alpha"));
    assertThat(md.indexOf("`b.first`")).isLessThan(md.indexOf("`b.second`"));
    assertThat(md.indexOf("## Other")).isGreaterThan(md.indexOf("`a.secret`"));
  }

  @Test
  void showsRequiredKeysValidatorsAndNeverAPasswordDefault() {
    String md = ConfigReferenceMarkdown.render("Title", "Intro.", DEFINITION);

    assertThat(md)
        .contains(
            "### `b.first`\n\nFirst.\n\n- Display name: B first\n- Type: string\n"
                + "- Default: (required)\n- Importance: high\n");
    assertThat(md).contains("- Default: `5`\n- Valid values: [1,...]\n");
    assertThat(md).contains("- Default: `x,y`\n");
    assertThat(md).contains("- Default: (hidden)").doesNotContain("s3cr3t");
  }
}
