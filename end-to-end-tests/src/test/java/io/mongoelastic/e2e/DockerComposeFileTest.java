package io.mongoelastic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mongoelastic.e2e.ComposeFile.Mount;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * docker-compose.yml would start (read, not run: the closest check without a Docker engine; {@code
 * DockerComposeWorkerIT} starts its worker configuration for real): image tags equal the root pom's
 * versions, the worker listens on all interfaces and reads the keys the {@code keys} service
 * writes, and {@code register} can run twice.
 */
class DockerComposeFileTest {
  private final ComposeFile compose = ComposeFile.load();

  @Test
  void imageTagsAreTheVersionsOfTheRootPom() throws Exception {
    Map<String, String> pom = rootPomProperties();

    assertThat(compose.imageTag("kafka")).isEqualTo(pom.get("kafka.version"));
    assertThat(compose.imageTag("connect")).isEqualTo(pom.get("kafka.version"));
    assertThat(compose.imageTag("elasticsearch"))
        .isEqualTo(pom.get("elasticsearch-server.version"));
    assertThat(compose.imageTag("mongo")).isEqualTo(pom.get("mongodb-server.version"));
    assertThat(compose.imageTag("keys")).startsWith(pom.get("maven.compiler.release") + "-");
  }

  @Test
  void hasNoObsoleteVersionKey() {
    assertThat(compose.root().has("version")).isFalse();
  }

  @Test
  void workerListensOnAllInterfacesAndAdvertisesItsServiceName() throws IOException {
    Properties worker = workerProperties();

    assertThat(worker.getProperty("listeners")).isEqualTo("http://0.0.0.0:8083");
    assertThat(worker.getProperty("rest.advertised.host.name")).isEqualTo("connect");
    assertThat(compose.service("connect").path("ports").get(0).asText()).isEqualTo("8083:8083");
    assertThat(compose.shellScript("register")).contains("http://connect:8083/");
  }

  @Test
  void workerReadsTheKeysTheKeysServiceGenerates() throws IOException {
    Properties worker = workerProperties();
    String keysInWorker = compose.mountTarget("connect", "keys").orElseThrow();
    String keysInGenerator = compose.mountTarget("keys", "keys").orElseThrow();

    assertThat(worker.getProperty("config.providers.es.param.private.keys.path"))
        .isEqualTo(keysInWorker);
    assertThat(worker.getProperty("mongoelastic.keys.path")).isEqualTo(keysInWorker);
    assertThat(compose.shellScript("keys"))
        .contains("keys generate --out " + keysInGenerator)
        .contains("chown -R 1000:1000 " + keysInGenerator);
    assertThat(
            compose.service("connect").path("depends_on").path("keys").path("condition").asText())
        .isEqualTo("service_completed_successfully");
  }

  @Test
  void workerLoadsThePluginsThePluginsServiceUnzips() throws IOException {
    assertThat(workerProperties().getProperty("plugin.path"))
        .isEqualTo(compose.mountTarget("connect", "plugins").orElseThrow());
    assertThat(compose.mountTarget("plugins", "plugins")).contains("/plugins");
  }

  @Test
  void registerPutsEachConfigSoASecondRunUpdatesInsteadOfFailing() {
    String register = compose.shellScript("register");

    assertThat(register)
        .contains("-X PUT")
        .contains("/connectors/$c/config")
        .doesNotContain("POST");
  }

  /** The worker file the connect service mounts and starts with, read from the checkout. */
  private Properties workerProperties() throws IOException {
    String command = compose.service("connect").path("command").get(1).asText();
    Mount mount =
        compose.mounts("connect").stream()
            .filter(m -> m.target().equals(command) && m.isHostPath())
            .findFirst()
            .orElseThrow(() -> new AssertionError("connect does not mount " + command));
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(mount.hostPath())) {
      properties.load(reader);
    }
    return properties;
  }

  private static Map<String, String> rootPomProperties() throws Exception {
    Path pom = ComposeFile.ROOT.resolve("pom.xml");
    Element project =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(pom.toFile())
            .getDocumentElement();
    Map<String, String> properties = new HashMap<>();
    NodeList children = project.getElementsByTagName("properties").item(0).getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child.getNodeType() == Node.ELEMENT_NODE) {
        properties.put(child.getNodeName(), child.getTextContent().trim());
      }
    }
    return properties;
  }
}
