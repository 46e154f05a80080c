package io.mongoelastic.common.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A stored secret: {@code {"v":1,"suite":"X25519-HKDF-SHA256-AES256GCM","kid":"…","enc":"…",
 * "ct":"…"}}, {@code enc} and {@code ct} unpadded base64url. In a config document the envelope is
 * the field's value as a JSON object.
 */
public record SecretEnvelope(int version, String suite, String keyId, byte[] enc, byte[] ct) {
  static final Set<String> FIELDS = Set.of("v", "suite", "kid", "enc", "ct");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** True when a stored value has the shape of an envelope (a JSON object with a "ct" member). */
  public static boolean looksLikeEnvelope(Object value) {
    return value instanceof Map<?, ?> map && map.containsKey("ct");
  }

  /**
   * Parses an envelope from a document value (a map as read from JSON).
   *
   * @throws UndecryptableValueException on any malformation, with the one generic message
   */
  public static SecretEnvelope fromMap(Map<?, ?> map) {
    if (!FIELDS.equals(map.keySet())) {
      throw new UndecryptableValueException();
    }
    if (!(map.get("v") instanceof Integer v)
        || !(map.get("suite") instanceof String suite)
        || !(map.get("kid") instanceof String kid)
        || !(map.get("enc") instanceof String enc)
        || !(map.get("ct") instanceof String ct)) {
      throw new UndecryptableValueException();
    }
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      return new SecretEnvelope(v, suite, kid, b64.decode(enc), b64.decode(ct));
    } catch (IllegalArgumentException e) {
      throw new UndecryptableValueException();
    }
  }

  /** Parses the JSON text of an envelope. */
  @SuppressWarnings("unchecked")
  public static SecretEnvelope fromJson(String json) {
    try {
      return fromMap(JSON.readValue(json, Map.class));
    } catch (java.io.IOException e) {
      throw new UndecryptableValueException();
    }
  }

  /** The envelope as a map, ready to be stored as a document field. */
  public Map<String, Object> toMap() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("v", version);
    map.put("suite", suite);
    map.put("kid", keyId);
    map.put("enc", b64.encodeToString(enc));
    map.put("ct", b64.encodeToString(ct));
    return map;
  }

  public JsonNode toJsonNode() {
    ObjectNode node = JSON.createObjectNode();
    toMap().forEach((k, v) -> node.set(k, JSON.valueToTree(v)));
    return node;
  }

  public String toJson() {
    return toJsonNode().toString();
  }

  /** Never prints the ciphertext bytes. */
  @Override
  public String toString() {
    return "SecretEnvelope[v=" + version + ", suite=" + suite + ", kid=" + keyId + "]";
  }
}
