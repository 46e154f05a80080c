package io.mongoelastic.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * config-examples/monitoring as data: the JMX exporter's rules and the metric names the Grafana
 * dashboard queries.
 */
final class MonitoringExample {
  static final Path FOLDER = ComposeFile.ROOT.resolve("config-examples/monitoring");
  private static final Pattern METRIC = Pattern.compile("\\b(?:mongoelastic|kafka_connect)_\\w+");

  /** One exporter rule: a bean-attribute pattern and the metric it produces. */
  record Rule(String pattern, String name) {
    /** As the exporter applies it: anywhere in {@code domain<key=value, ...><>attribute: value}. */
    boolean matches(String beanAttribute) {
      return Pattern.compile("^.*(?:" + pattern + ").*$").matcher(beanAttribute).matches();
    }
  }

  private MonitoringExample() {}

  static List<Rule> exporterRules() {
    JsonNode config = read("jmx-exporter.yaml", new ObjectMapper(new YAMLFactory()));
    List<Rule> rules = new ArrayList<>();
    for (JsonNode rule : config.path("rules")) {
      rules.add(new Rule(rule.path("pattern").asText(), rule.path("name").asText()));
    }
    return rules;
  }

  static JsonNode dashboard() {
    return read("grafana-dashboard.json", new ObjectMapper());
  }

  /** Every query of the dashboard: panel targets and template variables. */
  static List<String> dashboardQueries() {
    JsonNode dashboard = dashboard();
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        queries.add(variable.path("query").asText());
      }
    }
    return queries;
  }

  static Set<String> metricNames(String query) {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = METRIC.matcher(query);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    return names;
  }

  private static JsonNode read(String file, ObjectMapper mapper) {
    try {
      return mapper.readTree(FOLDER.resolve(file).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
