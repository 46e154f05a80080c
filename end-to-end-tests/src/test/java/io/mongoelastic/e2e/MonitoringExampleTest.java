package io.mongoelastic.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mongoelastic.e2e.MonitoringExample.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard queries only metrics the JMX exporter config produces, and shows what an
 * operator of this pipeline watches. That each rule matches a real MBean attribute is checked
 * against running tasks by DockerComposeWorkerIT.
 */
class MonitoringExampleTest {
  private final List<Rule> rules = MonitoringExample.exporterRules();

  @Test
  void everyMetricTheDashboardQueriesIsProducedByAnExporterRule() {
    Set<String> exported = rules.stream().map(Rule::name).collect(Collectors.toSet());
    List<String> queries = MonitoringExample.dashboardQueries();

    assertThat(queries).isNotEmpty();
    for (String query : queries) {
      assertThat(MonitoringExample.metricNames(query)).as(query).isNotEmpty();
      assertThat(exported).as(query).containsAll(MonitoringExample.metricNames(query));
    }
  }

  @Test
  void rulesNameDistinctMetricsWithValidPatterns() {
    assertThat(rules).hasSizeGreaterThan(20);
    assertThat(rules.stream().map(Rule::name).distinct().count()).isEqualTo(rules.size());
    for (Rule rule : rules) {
      assertThat(rule.name()).matches("(mongoelastic|kafka_connect)_[a-z0-9_]+");
      assertThat(rule.matches("no bean")).as(rule.pattern()).isFalse();
    }
  }

  @Test
  void sourceRulesMatchTheQuotedConnectorNameOfOurMBeansAndTakeItAsLabel() {
    Rule headroom =
        rules.stream()
            .filter(r -> r.name().equals("mongoelastic_source_oplog_headroom_percent"))
            .findFirst()
            .orElseThrow();

    assertThat(
            headroom.matches(
                "io.mongoelastic<type=source-task, connector=\"orders\", task=1><>"
                    + "OplogHeadroomPercent: 12.5"))
        .isTrue();
    assertThat(
            headroom.matches(
                "io.mongoelastic<type=sink-task, connector=\"orders\", task=1><>"
                    + "OplogHeadroomPercent: 12.5"))
        .isFalse();
  }

  @Test
  void dashboardShowsWhatTheIssueAsksFor() {
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : MonitoringExample.dashboard().path("panels")) {
      titles.add(panel.path("title").asText());
    }
    String queries = String.join("\n", MonitoringExample.dashboardQueries());

    assertThat(titles)
        .contains(
            "Snapshot progress",
            "Documents per second",
            "Stream lag",
            "Oplog headroom",
            "Bulk latency",
            "Retries and refusals",
            "Dead-letter queue");
    assertThat(queries)
        .contains("mongoelastic_source_oplog_headroom_percent")
        .contains("mongoelastic_sink_retries_total")
        .contains("kafka_connect_task_error_deadletterqueue_produce_requests");
  }
}
