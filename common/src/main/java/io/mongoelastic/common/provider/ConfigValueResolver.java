package io.mongoelastic.common.provider;

import io.mongoelastic.common.crypto.FieldLocation;
import io.mongoelastic.common.crypto.SecretEnvelope;
import io.mongoelastic.common.crypto.SecretOpener;
import io.mongoelastic.common.crypto.UndecryptableValueException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Turns one field of a config document into the plain string handed to a connector. A field is a
 * literal top-level key of the document source (dots are part of the name, no nested paths). An
 * envelope (a JSON object) must decrypt for exactly this index, document and field; a scalar is
 * returned as text unless the field is secret. Errors name the document and field, never a value.
 */
final class ConfigValueResolver {
  private final String index;
  private final SecretOpener opener;
  private final SecretFieldPatterns secretFields;

  ConfigValueResolver(String index, SecretOpener opener, SecretFieldPatterns secretFields) {
    this.index = index;
    this.opener = opener;
    this.secretFields = secretFields;
  }

  String resolve(String documentId, Map<String, Object> source, String field) {
    Object value = source.get(field);
    if (value == null) {
      throw failure(
          documentId,
          field,
          source.containsKey(field)
              ? "the field is null; store a value"
              : "the document has no such field; fields are top-level keys, dots included"
                  + " (write it with mongoelastic put)");
    }
    try {
      if (value instanceof Map<?, ?> map) {
        return opener.open(
            new FieldLocation(index, documentId, field), SecretEnvelope.fromMap(map));
      }
      if (secretFields.isSecret(field)) {
        // Plain text where a secret is required fails like any other undecryptable value.
        throw new UndecryptableValueException();
      }
    } catch (UndecryptableValueException e) {
      throw failure(documentId, field, e.getMessage());
    }
    if (value instanceof List<?>) {
      throw failure(documentId, field, "arrays are not supported; store a string");
    }
    return value.toString();
  }

  private ConfigException failure(String documentId, String field, String reason) {
    return new ConfigException(
        "Cannot resolve field '"
            + field
            + "' of config document '"
            + documentId
            + "' in index '"
            + index
            + "': "
            + reason);
  }
}
