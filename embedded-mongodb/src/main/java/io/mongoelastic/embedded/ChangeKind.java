package io.mongoelastic.embedded;

/** The operation types of the change events this server records, named as MongoDB names them. */
enum ChangeKind {
  INSERT("insert"),
  UPDATE("update"),
  REPLACE("replace"),
  DELETE("delete"),
  DROP("drop"),
  RENAME("rename"),
  DROP_DATABASE("dropDatabase");

  private final String operationType;

  ChangeKind(String operationType) {
    this.operationType = operationType;
  }

  String operationType() {
    return operationType;
  }

  boolean isDocumentChange() {
    return this == INSERT || this == UPDATE || this == REPLACE || this == DELETE;
  }
}
