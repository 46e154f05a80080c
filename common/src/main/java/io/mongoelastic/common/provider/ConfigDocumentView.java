package io.mongoelastic.common.provider;

import io.mongoelastic.common.crypto.SecretEnvelope;
import io.mongoelastic.common.crypto.UndecryptableValueException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code mongoelastic get} shows of a document: plain fields with their values, encrypted
 * fields only as "encrypted" with their key id. Decrypts nothing and needs no key.
 */
public final class ConfigDocumentView {
  private ConfigDocumentView() {}

  /** One field as shown: a plain value, or the key id of an encrypted one. */
  public record Field(boolean encrypted, String plainValue, String keyId) {
    @Override
    public String toString() {
      return encrypted ? "(encrypted, key id " + keyId + ")" : plainValue;
    }
  }

  public static Map<String, Field> describe(Map<String, Object> source) {
    Map<String, Field> fields = new LinkedHashMap<>();
    source.forEach(
        (name, value) -> {
          if (value instanceof Map<?, ?> map) {
            String kid;
            try {
              kid = SecretEnvelope.fromMap(map).keyId();
            } catch (UndecryptableValueException e) {
              kid = "? (malformed envelope)";
            }
            fields.put(name, new Field(true, null, kid));
          } else {
            fields.put(name, new Field(false, String.valueOf(value), null));
          }
        });
    return fields;
  }
}
