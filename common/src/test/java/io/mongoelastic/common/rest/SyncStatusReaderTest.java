package io.mongoelastic.common.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.Test;

class SyncStatusReaderTest {

  /** The attributes the source task's MBean publishes (a subset). */
  public interface SourceView {
    String getPhase();

    long getRecordsProduced();

    long getSnapshotDocumentsDone();

    long getSnapshotDocumentsTotal();

    long getStreamLagMs();

    String getLastError();

    String getLastSnapshotReason();

    String getLastSnapshotId();

    long getOplogHeadroomMs();

    double getOplogHeadroomPercent();
  }

  /** The attributes the sink task's MBean publishes (a subset). */
  public interface SinkView {
    long getDocumentsWrittenTotal();

    double getDocumentsWrittenRate();

    boolean isPaused();
  }

  private static void registerSource(
      MBeanServer server, String connector, int task, String phase, long done, long total)
      throws Exception {
    SourceView view =
        new SourceView() {
          public String getPhase() {
            return phase;
          }

          public long getRecordsProduced() {
            return done;
          }

          public long getSnapshotDocumentsDone() {
            return done;
          }

          public long getSnapshotDocumentsTotal() {
            return total;
          }

          public long getStreamLagMs() {
            return 40L * task;
          }

          public String getLastError() {
            return "";
          }

          public String getLastSnapshotReason() {
            return task == 0 ? "user_requested" : "";
          }

          public String getLastSnapshotId() {
            return task == 0 ? "snap-" + connector : "";
          }

          public long getOplogHeadroomMs() {
            return task == 0 ? -1 : 5_000L * task;
          }

          public double getOplogHeadroomPercent() {
            return task == 0 ? -1 : 12.5 * task;
          }
        };
    server.registerMBean(
        new StandardMBean(view, SourceView.class),
        new ObjectName(
            "io.mongoelastic:type=source-task,connector="
                + ObjectName.quote(connector)
                + ",task="
                + task));
  }

  @Test
  void sumsSnapshotProgressOverTheTasksOfAConnector() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    registerSource(server, "orders", 0, "snapshot", 300, 1000);
    registerSource(server, "orders", 1, "streaming", 700, 1000);

    Map<String, Object> status = new SyncStatusReader(server, null).read();

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> connectors = (List<Map<String, Object>>) status.get("connectors");
    assertThat(connectors).hasSize(1);
    Map<String, Object> orders = connectors.get(0);
    assertThat(orders)
        .containsEntry("name", "orders")
        .containsEntry("type", "source")
        .containsEntry("phase", "snapshot")
        .containsEntry("snapshotPercent", 50.0)
        .containsEntry("streamLagMs", 40L)
        // The lowest headroom of the tasks that measured one (task 0 has not).
        .containsEntry("oplogHeadroomMs", 5_000L)
        .containsEntry("oplogHeadroomPercent", 12.5)
        .containsEntry("tasksOnThisWorker", 2)
        .containsEntry(
            "lastSnapshots",
            List.of(Map.of("reason", "user_requested", "snapshotId", "snap-orders")));
  }

  @Test
  void reportsStreamingWhenATaskStreamsBesideIdleOnesAndPausedSinks() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    registerSource(server, "src", 0, "streaming", 10, 10);
    registerSource(server, "src", 1, "idle", 0, 0);
    SinkView sink =
        new SinkView() {
          public long getDocumentsWrittenTotal() {
            return 10;
          }

          public double getDocumentsWrittenRate() {
            return 2.5;
          }

          public boolean isPaused() {
            return true;
          }
        };
    server.registerMBean(
        new StandardMBean(sink, SinkView.class),
        new ObjectName("io.mongoelastic:type=sink-task,connector=\"es\",task=0"));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> connectors =
        (List<Map<String, Object>>) new SyncStatusReader(server, null).read().get("connectors");

    assertThat(connectors)
        .extracting(c -> c.get("name") + ":" + c.get("phase"))
        .containsExactly("es:paused", "src:streaming");
    assertThat(connectors.get(0)).containsEntry("documentsWritten", 10L);
  }

  /** The sink MBean's resync attribute (a subset). */
  public interface ResyncSinkView {
    boolean isPaused();

    String getResyncStatus();
  }

  @Test
  void listsEachIndexResyncOnceAndReportsTheResyncPhase() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    String filling =
        "[{\"logicalIndex\":\"shop.items\",\"phase\":\"filling\","
            + "\"reason\":\"history_lost\",\"pendingIndex\":\"shop.items-000002\"}]";
    for (int task = 0; task < 2; task++) {
      ResyncSinkView view =
          new ResyncSinkView() {
            public boolean isPaused() {
              return false;
            }

            public String getResyncStatus() {
              return filling;
            }
          };
      server.registerMBean(
          new StandardMBean(view, ResyncSinkView.class),
          new ObjectName("io.mongoelastic:type=sink-task,connector=\"es\",task=" + task));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> sink =
        ((List<Map<String, Object>>) new SyncStatusReader(server, null).read().get("connectors"))
            .get(0);

    assertThat(sink).containsEntry("phase", "resync");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> resync = (List<Map<String, Object>>) sink.get("resync");
    assertThat(resync).hasSize(1);
    assertThat(resync.get(0))
        .containsEntry("reason", "history_lost")
        .containsEntry("pendingIndex", "shop.items-000002");
  }
}
