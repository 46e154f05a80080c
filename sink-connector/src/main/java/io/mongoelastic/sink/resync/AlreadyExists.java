package io.mongoelastic.sink.resync;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;

/** Recognises Elasticsearch's answer to creating an index that another task created first. */
final class AlreadyExists {
  private AlreadyExists() {}

  static boolean is(ElasticsearchException e) {
    return e.status() == 400
        && e.error() != null
        && "resource_already_exists_exception".equals(e.error().type());
  }
}
