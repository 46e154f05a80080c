package io.mongoelastic.common.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a secret is stored: config index name (as configured, so an alias name stays valid across
 * reindexing), document id and field name. Its {@link #associatedData} is bound into the
 * ciphertext, and the reader rebuilds it from where it found the value: a ciphertext copied to
 * another field, document or index does not decrypt.
 */
public record FieldLocation(String index, String documentId, String field) {
  private static final byte[] LABEL = "mongoelastic-config-aad-v1".getBytes(StandardCharsets.UTF_8);

  public FieldLocation {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(documentId, "documentId");
    Objects.requireNonNull(field, "field");
  }

  /**
   * Canonical, unambiguous encoding: each part (label, version, suite, key id, index, document id,
   * field) as a 4-byte big-endian length followed by its UTF-8 bytes.
   */
  byte[] associatedData(int version, String suite, String keyId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    part(out, LABEL);
    part(out, Integer.toString(version).getBytes(StandardCharsets.UTF_8));
    for (String s : new String[] {suite, keyId, index, documentId, field}) {
      part(out, s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static void part(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  @Override
  public String toString() {
    return index + "/" + documentId + "/" + field;
  }
}
