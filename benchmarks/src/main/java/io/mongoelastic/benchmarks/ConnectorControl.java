package io.mongoelastic.benchmarks;

import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Creates, watches and removes connectors on the benchmark worker through its REST API. */
public final class ConnectorControl {
  private final EmbeddedConnectCluster cluster;

  public ConnectorControl(EmbeddedConnectCluster cluster) {
    this.cluster = cluster;
  }

  public void create(String name, Map<String, String> config) {
    cluster.configureConnector(name, config);
  }

  public void pause(String name) {
    cluster.pauseConnector(name);
  }

  public void resume(String name) {
    cluster.resumeConnector(name);
  }

  /**
   * Removes the connector and waits until the worker no longer knows it, so the next run's creation
   * (timed) does not wait on this one's shutdown and rebalance; ignores one that is already gone.
   */
  public void delete(String name) {
    try {
      cluster.deleteConnector(name);
    } catch (RuntimeException e) {
      // Already gone, or never created because an earlier step failed.
      return;
    }
    try {
      cluster.assertions().assertConnectorDoesNotExist(name, "connector " + name + " still exists");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (AssertionError e) {
      BenchmarkContext.log(
          "Connector %s was not gone after its deletion: %s", name, e.getMessage());
    }
  }

  /** The first failure trace of the connector or its tasks, or null while nothing failed. */
  public String failure(String name) {
    ConnectorStateInfo status;
    try {
      status = cluster.connectorStatus(name);
    } catch (RuntimeException e) {
      return null;
    }
    if ("FAILED".equals(status.connector().state())) {
      return firstLines(status.connector().trace());
    }
    for (ConnectorStateInfo.TaskState task : status.tasks()) {
      if ("FAILED".equals(task.state())) {
        return "task " + task.id() + ": " + firstLines(task.trace());
      }
    }
    return null;
  }

  /** True when the connector and {@code tasks} tasks run (waits up to {@code seconds}). */
  public boolean awaitRunning(String name, int tasks, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        ConnectorStateInfo status = cluster.connectorStatus(name);
        if ("RUNNING".equals(status.connector().state())
            && status.tasks().size() >= tasks
            && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()))) {
          return true;
        }
        if (failure(name) != null) {
          return false;
        }
      } catch (RuntimeException e) {
        // Not known to the worker yet.
      }
      IndexAdmin.sleep(200);
    }
    return false;
  }

  private static String firstLines(String trace) {
    if (trace == null) {
      return "(no trace)";
    }
    String[] lines = trace.split("\n");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(3, lines.length); i++) {
      out.append(i == 0 ? "" : " | ").append(lines[i].trim());
    }
    return out.toString();
  }
}
