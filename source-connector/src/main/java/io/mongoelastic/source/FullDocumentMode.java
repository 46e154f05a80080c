package io.mongoelastic.source;

import com.mongodb.client.model.changestream.FullDocument;
import java.util.Arrays;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;

/** How update events get the document they carry ({@code stream.full.document}). */
public enum FullDocumentMode {
  UPDATE_LOOKUP(
      FullDocument.UPDATE_LOOKUP,
      "the server looks up the current document for each update (the record holds the document"
          + " as it is at lookup time; an update whose document is already gone is skipped, its"
          + " delete follows)"),
  WHEN_AVAILABLE(
      FullDocument.WHEN_AVAILABLE,
      "use the post-image when the collection records them (changeStreamPreAndPostImages), skip"
          + " the update otherwise"),
  REQUIRED(
      FullDocument.REQUIRED, "use the post-image and fail when the collection does not record it"),
  OFF(
      FullDocument.DEFAULT,
      "no document for updates: only inserts, replaces and deletes produce records; updates are"
          + " skipped (counted in the task metrics)");

  public static final FullDocumentMode DEFAULT = UPDATE_LOOKUP;

  private final FullDocument driverValue;
  private final String description;

  FullDocumentMode(FullDocument driverValue, String description) {
    this.driverValue = driverValue;
    this.description = description;
  }

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public FullDocument driverValue() {
    return driverValue;
  }

  public static FullDocumentMode parse(String value) {
    return ConfigEnums.parse(FullDocumentMode.class, value);
  }

  public static ConfigDef.Validator validator() {
    return ConfigEnums.validator(FullDocumentMode.class);
  }

  public static String describeValues() {
    return ConfigEnums.describe(
        Arrays.stream(values()).map(m -> new String[] {m.value(), m.description}).toList());
  }
}
