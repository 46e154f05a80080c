package io.mongoelastic.common.crypto;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The private keys loaded at once, by key id; several allow rotation without a flag day. */
public final class KeyRing {
  private final Map<String, DecryptionKey> keys;

  public KeyRing(Collection<DecryptionKey> keys) {
    Map<String, DecryptionKey> byId = new LinkedHashMap<>();
    keys.forEach(k -> byId.put(k.keyId(), k));
    this.keys = Map.copyOf(byId);
  }

  public static KeyRing of(DecryptionKey... keys) {
    return new KeyRing(List.of(keys));
  }

  /** The key with this id, or null. */
  DecryptionKey find(String keyId) {
    return keys.get(keyId);
  }

  public Set<String> keyIds() {
    return keys.keySet();
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  @Override
  public String toString() {
    return "KeyRing" + keys.keySet();
  }
}
