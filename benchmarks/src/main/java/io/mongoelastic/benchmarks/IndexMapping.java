package io.mongoelastic.benchmarks;

/** The two mappings every sink figure is measured with. */
public enum IndexMapping {
  EXPLICIT(
      """
      {"dynamic":false,"properties":{
        "name":{"type":"keyword"},"email":{"type":"keyword"},"age":{"type":"integer"},
        "active":{"type":"boolean"},"score":{"type":"double"},"counter":{"type":"long"},
        "createdAt":{"type":"date"},
        "address":{"properties":{"street":{"type":"keyword"},"zip":{"type":"keyword"},"city":{"type":"keyword"}}},
        "tags":{"type":"keyword"},"description":{"type":"text"},"rev":{"type":"integer"},
        "ts":{"type":"long"}}}
      """),
  DYNAMIC(null);

  private final String mappings;

  IndexMapping(String mappings) {
    this.mappings = mappings;
  }

  /** The {@code mappings} object of the create-index body, or null for dynamic mapping. */
  String mappings() {
    return mappings;
  }

  String label() {
    return name().toLowerCase();
  }
}
