package io.mongoelastic.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
  /** Above Linux's pid_max: no process has it. */
  private static final long DEAD_PID = 9_999_999_999L;

  @Test
  void removesRunsAndNodeFoldersOfProcessesThatAreGoneAndKeepsLiveOnes(@TempDir Path work)
      throws Exception {
    Path dead = Files.createDirectories(work.resolve("run-" + DEAD_PID + "/tmp/kafka-1"));
    Path node = Files.createDirectories(work.resolve("nodes/node-" + DEAD_PID + "-1/data"));
    Files.writeString(
        work.resolve("run-" + DEAD_PID + "/elasticsearch-node"), node.getParent().toString());
    // An es.pid whose number now belongs to another program: that program must not be stopped.
    Process other = new ProcessBuilder("sleep", "30").start();
    Files.writeString(node.getParent().resolve("es.pid"), String.valueOf(other.pid()));
    RunFolder live = RunFolder.create(work);

    int cleaned;
    try {
      cleaned = RunFolder.cleanStale(work);
      assertThat(other.isAlive()).isTrue();
    } finally {
      other.destroy();
    }

    assertThat(cleaned).isEqualTo(1);
    assertThat(work.resolve("run-" + DEAD_PID)).doesNotExist();
    assertThat(node.getParent()).doesNotExist();
    assertThat(dead).doesNotExist();
    assertThat(live.path()).isDirectory();
  }

  @Test
  void deleteRemovesTheRunAndItsNodeFolder(@TempDir Path work) throws Exception {
    RunFolder run = RunFolder.create(work);
    Path node = Files.createDirectories(work.resolve("nodes/node-1/data"));
    run.recordNodeFolder(node.getParent());

    run.delete();

    assertThat(run.path()).doesNotExist();
    assertThat(node.getParent()).doesNotExist();
  }
}
