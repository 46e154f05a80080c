package io.mongoelastic.common.rest;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.health.ConnectClusterState;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;

/**
 * Adds the {@code /mongoelastic/...} resources to the worker's REST API: the public keys, the sync
 * status of the connectors and a resync request for MongoDB source connectors. Enable with the
 * worker property {@code
 * rest.extension.classes=io.mongoelastic.common.rest.MongoElasticRestExtension}; the extension
 * reads its own worker property {@value #KEYS_PATH}.
 */
public final class MongoElasticRestExtension implements ConnectRestExtension {
  /** Worker property: public key file(s) or folder served by {@code /mongoelastic/keys}. */
  public static final String KEYS_PATH = "mongoelastic.keys.path";

  private String keysPath;

  @Override
  public void configure(Map<String, ?> workerConfigs) {
    Object value = workerConfigs.get(KEYS_PATH);
    keysPath = value == null || value.toString().isBlank() ? null : value.toString();
  }

  /** The resources this extension serves; adding one is one line here. */
  List<Object> resources(ConnectClusterState cluster) {
    return List.of(
        new PublicKeyResource(keysPath),
        new SyncStatusResource(new SyncStatusReader(cluster)),
        new ResyncResource(new ResyncRequester()));
  }

  @Override
  public void register(ConnectRestExtensionContext context) {
    resources(context.clusterState()).forEach(context.configurable()::register);
  }

  @Override
  public String version() {
    String version = getClass().getPackage().getImplementationVersion();
    return version != null ? version : "unknown";
  }

  @Override
  public void close() {}
}
