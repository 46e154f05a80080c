package io.mongoelastic.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.common.crypto.KeyFiles;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicKeyResourceTest {
  @TempDir Path dir;

  @Test
  void servesPublicKeysOfAFolderHoldingPrivateKeysWithoutPrivateMaterial() throws Exception {
    KeyFiles.Generated generated = KeyFiles.generate(dir, "k");
    PublicKeyResource resource = new PublicKeyResource(dir.toString());

    Response jwks = resource.jwks();
    Response pem = resource.pem();
    assertThat(jwks.getStatus()).isEqualTo(200);
    assertThat(pem.getStatus()).isEqualTo(200);
    String privateBody =
        Files.readString(generated.privateFile())
            .replaceAll("-----[A-Z ]+-----", "")
            .replaceAll("\\s", "");
    assertThat((String) jwks.getEntity())
        .contains(generated.key().keyId())
        .doesNotContain("\"d\"")
        .doesNotContain(privateBody.substring(22));
    assertThat((String) pem.getEntity())
        .contains("BEGIN PUBLIC KEY")
        .doesNotContain("PRIVATE")
        .doesNotContain(privateBody.substring(22));
  }

  @Test
  void answers503WhenNoKeyIsConfiguredOrFound() {
    assertThat(new PublicKeyResource(null).jwks().getStatus()).isEqualTo(503);
    assertThat(new PublicKeyResource(dir.toString()).pem().getStatus()).isEqualTo(503);
  }

  @Test
  void extensionReadsItsWorkerPropertyAndServesTheKeyResource() {
    MongoElasticRestExtension extension = new MongoElasticRestExtension();
    extension.configure(Map.of(MongoElasticRestExtension.KEYS_PATH, dir.toString()));
    assertThat(extension.resources(null)).hasAtLeastOneElementOfType(PublicKeyResource.class);
  }
}
