package io.mongoelastic.common.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Public keys as a JWK Set (RFC 7517, OKP keys of RFC 8037): {@code {"keys":[{"kty":"OKP",
 * "crv":"X25519","kid":"…","x":"…","use":"enc"}]}}. Only public members are ever written.
 */
public final class JwkSet {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JwkSet() {}

  public static String toJson(List<EncryptionKey> keys) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("keys");
    for (EncryptionKey key : keys) {
      array
          .addObject()
          .put("kty", "OKP")
          .put("crv", "X25519")
          .put("use", "enc")
          .put("kid", key.keyId())
          .put("x", key.x());
    }
    return root.toString();
  }

  /** The X25519 keys of a JWK Set, in order; each kid is checked against its key. */
  public static List<EncryptionKey> parse(String json) {
    List<EncryptionKey> keys = new ArrayList<>();
    try {
      for (JsonNode jwk : JSON.readTree(json).path("keys")) {
        if (!"OKP".equals(jwk.path("kty").asText()) || !"X25519".equals(jwk.path("crv").asText())) {
          continue;
        }
        EncryptionKey key =
            new EncryptionKey(Base64.getUrlDecoder().decode(jwk.path("x").asText()));
        if (jwk.hasNonNull("kid") && !key.keyId().equals(jwk.get("kid").asText())) {
          throw new KeyFileException(
              "JWK kid " + jwk.get("kid").asText() + " does not match its key's thumbprint");
        }
        keys.add(key);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new KeyFileException("Not a JWK Set of X25519 keys: " + e.getMessage());
    }
    return keys;
  }
}
