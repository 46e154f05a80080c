/** Topic → Elasticsearch index names: patterns, explicit mappings, valid names. */
package io.mongoelastic.sink.index;
