/** Elasticsearch sink connector. */
package io.mongoelastic.sink;
