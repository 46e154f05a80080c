package io.mongoelastic.source.snapshot;

import java.util.List;
import org.bson.BsonType;
import org.bson.BsonValue;

/**
 * MongoDB's comparison/sort order of BSON types, one bracket per group of mutually comparable
 * types. Range operators ({@code $gt}, {@code $lt}) only match values of the bracket of their
 * operand, so a reader walks the brackets in this order and pages by {@code _id} inside each one.
 * Arrays, regular expressions and undefined cannot be {@code _id}s and are left out. The rare
 * deprecated types (symbol, JavaScript code) fall in {@link #OTHER}, read last in one query without
 * paging.
 */
public enum IdBracket {
  MIN_KEY(List.of("minKey")),
  NULL(List.of("null")),
  NUMBERS(List.of("int", "long", "double", "decimal")),
  STRINGS(List.of("string")),
  OBJECTS(List.of("object")),
  BINARY(List.of("binData")),
  OBJECT_ID(List.of("objectId")),
  BOOLEAN(List.of("bool")),
  DATE(List.of("date")),
  TIMESTAMP(List.of("timestamp")),
  MAX_KEY(List.of("maxKey")),
  /** Any other type: matched as "none of the above". */
  OTHER(List.of());

  private final List<String> typeAliases;

  IdBracket(List<String> typeAliases) {
    this.typeAliases = typeAliases;
  }

  /** The {@code $type} aliases matching this bracket. */
  public List<String> typeAliases() {
    return typeAliases;
  }

  /** Brackets whose values are all equal, where a range bound means nothing. */
  public boolean paged() {
    return this != OTHER && !singleValued();
  }

  /** Every alias of the named brackets, for the {@link #OTHER} filter. */
  public static List<String> knownAliases() {
    List<String> all = new java.util.ArrayList<>();
    for (IdBracket b : values()) {
      all.addAll(b.typeAliases);
    }
    return all;
  }

  public boolean singleValued() {
    return this == MIN_KEY || this == NULL || this == MAX_KEY;
  }

  public static IdBracket of(BsonValue value) {
    return of(value.getBsonType());
  }

  public static IdBracket of(BsonType type) {
    return switch (type) {
      case MIN_KEY -> MIN_KEY;
      case NULL, UNDEFINED -> NULL;
      case INT32, INT64, DOUBLE, DECIMAL128 -> NUMBERS;
      case STRING -> STRINGS;
      case DOCUMENT -> OBJECTS;
      case BINARY -> BINARY;
      case OBJECT_ID -> OBJECT_ID;
      case BOOLEAN -> BOOLEAN;
      case DATE_TIME -> DATE;
      case TIMESTAMP -> TIMESTAMP;
      case MAX_KEY -> MAX_KEY;
      default -> OTHER;
    };
  }
}
