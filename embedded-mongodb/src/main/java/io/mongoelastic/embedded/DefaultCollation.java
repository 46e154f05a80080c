package io.mongoelastic.embedded;

import de.bwaldvogel.mongo.bson.Document;

/**
 * The {@code collation} option of {@code create}: a collection's default collation, which {@code
 * listCollections} reports in {@code options.collation} and {@code idIndex.collation} with every
 * field filled in (manual pages "Collation" and "db.createCollection()"). {@code locale: "simple"}
 * is binary comparison, the same as no collation: nothing is recorded. Fields left out take the ICU
 * root locale's defaults; a real server may default some of them per locale. Queries here still
 * compare binary: only the catalog keeps the collation.
 */
final class DefaultCollation {
  static final String OPTION = "collation";

  private DefaultCollation() {}

  /** The collation to record for {@code given}, all fields filled in, or null for binary order. */
  static Document normalize(Object given) {
    if (given == null) {
      return null;
    }
    if (!(given instanceof Document spec)) {
      throw new CommandException(
          14, "TypeMismatch", "BSON field 'collation' is the wrong type, expected type 'object'");
    }
    if (!(spec.get("locale") instanceof String locale)) {
      throw new CommandException(
          40414, "IDLFailedToParse", "BSON field 'locale' is missing but a required field");
    }
    if (locale.equals("simple")) {
      return null;
    }
    Document full =
        new Document("locale", locale)
            .append("caseLevel", false)
            .append("caseFirst", "off")
            .append("strength", 3)
            .append("numericOrdering", false)
            .append("alternate", "non-ignorable")
            .append("maxVariable", "punct")
            .append("normalization", false)
            .append("backwards", false);
    for (String field : spec.keySet()) {
      if (full.containsKey(field)) {
        full.put(field, spec.get(field));
      }
    }
    return full.append("version", "57.1");
  }
}
