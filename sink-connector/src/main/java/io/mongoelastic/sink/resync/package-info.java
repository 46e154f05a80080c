/**
 * Resync ("true mirror"): rebuilds a logical index from a fresh snapshot into a new physical index
 * while searches keep reading the old one through an alias, then swaps the alias atomically, so
 * documents deleted while the connectors were away disappear. Sink tasks coordinate through a state
 * document per logical index in Elasticsearch. Entry point: {@link
 * io.mongoelastic.sink.resync.ResyncCoordinator}; protocol and integration guide: {@code
 * docs/resync.md}.
 */
package io.mongoelastic.sink.resync;
