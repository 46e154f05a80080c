package io.mongoelastic.common.rest;

import io.mongoelastic.common.crypto.EncryptionKey;
import io.mongoelastic.common.crypto.JwkSet;
import io.mongoelastic.common.crypto.KeyFileException;
import io.mongoelastic.common.crypto.KeyFiles;
import io.mongoelastic.common.crypto.KeyPem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Function;

/**
 * Serves the worker's public keys, newest first, so writers encrypt for the keys the worker really
 * holds instead of trusting a key stored next to the data. Only {@code PUBLIC KEY} PEM blocks are
 * ever read: pointing it at a folder that also holds private keys serves no private material. Keys
 * are read at each request, so a rotated key appears without a worker restart.
 */
@Path("/mongoelastic")
public final class PublicKeyResource {
  private final String keysPath;

  PublicKeyResource(String keysPath) {
    this.keysPath = keysPath;
  }

  /** JWK Set: {@code {"keys":[{"kty":"OKP","crv":"X25519","use":"enc","kid":…,"x":…}]}}. */
  @GET
  @Path("/keys")
  @Produces(MediaType.APPLICATION_JSON)
  public Response jwks() {
    return respond(JwkSet::toJson, MediaType.APPLICATION_JSON);
  }

  /** The same keys as concatenated PEM {@code PUBLIC KEY} blocks. */
  @GET
  @Path("/keys.pem")
  @Produces(MediaType.TEXT_PLAIN)
  public Response pem() {
    return respond(
        keys -> String.join("", keys.stream().map(KeyPem::publicKeyPem).toList()),
        MediaType.TEXT_PLAIN);
  }

  private Response respond(Function<List<EncryptionKey>, String> render, String type) {
    if (keysPath == null) {
      return unavailable(
          "The worker property " + MongoElasticRestExtension.KEYS_PATH + " is not set");
    }
    try {
      return Response.ok(render.apply(KeyFiles.loadPublicKeys(keysPath)), type).build();
    } catch (KeyFileException e) {
      return unavailable(e.getMessage());
    }
  }

  private static Response unavailable(String message) {
    return Response.status(Response.Status.SERVICE_UNAVAILABLE)
        .type(MediaType.APPLICATION_JSON)
        .entity("{\"error_code\":503,\"message\":" + quote(message) + "}")
        .build();
  }

  private static String quote(String text) {
    return new com.fasterxml.jackson.databind.node.TextNode(text).toString();
  }
}
