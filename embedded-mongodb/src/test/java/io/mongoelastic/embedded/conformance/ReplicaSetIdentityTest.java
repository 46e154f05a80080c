package io.mongoelastic.embedded.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.connection.ClusterType;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** {@code hello} describes the primary of a replica set, and drivers treat it as one. */
class ReplicaSetIdentityTest extends ConformanceTest {
  @Test
  void helloDescribesAWritablePrimaryOfAReplicaSet() {
    Document hello = target.client().getDatabase("admin").runCommand(new Document("hello", 1));

    assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
    assertThat(hello.getString("setName")).isNotBlank();
    assertThat(hello.getList("hosts", String.class)).contains(hello.getString("me"));
    assertThat(hello.getString("primary")).isEqualTo(hello.getString("me"));
    assertThat(hello.get("logicalSessionTimeoutMinutes")).isNotNull();
  }

  @Test
  void driverSeesAReplicaSetThroughTheConnectionString() {
    target.client().getDatabase("admin").runCommand(new Document("ping", 1));

    assertThat(target.client().getClusterDescription().getType())
        .isEqualTo(ClusterType.REPLICA_SET);
    assertThat(target.client().getClusterDescription().hasWritableServer()).isTrue();
  }

  @Test
  void embeddedConnectionStringNamesTheReplicaSetAndItsOnlyMember() {
    org.junit.jupiter.api.Assumptions.assumeTrue(target.isEmbedded());
    int port = target.embedded().address().getPort();

    assertThat(target.connectionString())
        .isEqualTo("mongodb://127.0.0.1:" + port + "/?replicaSet=rs0");
    Document hello = target.client().getDatabase("admin").runCommand(new Document("hello", 1));
    assertThat(hello.getList("hosts", String.class)).isEqualTo(List.of("127.0.0.1:" + port));
    assertThat(hello.getString("setName")).isEqualTo("rs0");
  }

  @Test
  void replSetGetStatusReportsOnePrimaryMember() {
    Document status =
        target.client().getDatabase("admin").runCommand(new Document("replSetGetStatus", 1));

    assertThat(status.getInteger("myState")).isEqualTo(1);
    assertThat(status.getList("members", Document.class))
        .filteredOn(member -> "PRIMARY".equals(member.getString("stateStr")))
        .hasSize(1);
  }
}
