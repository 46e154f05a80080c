package io.mongoelastic.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line description of the machine, the JVMs and the services, for the report. */
final class MachineInfo {
  private MachineInfo() {}

  static String describe() {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long memoryGiB = os.getTotalMemorySize() / (1024L * 1024 * 1024);
    return String.format(
        "%d CPUs (%s), %d GiB RAM, load average at start %.2f; runner JVM %s %s (-Xmx%d MiB)",
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        memoryGiB,
        os.getSystemLoadAverage(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }
}
