package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL the shipped alert rules and dashboard run (deploy/), and which engine metrics and
 * labels each one reads, so that tests can hold a scrape of a real engine against them.
 */
public final class DeployedQueries
{
    /** Labels Prometheus adds to every scraped series, or that histograms carry by construction. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "le");
    private static final Pattern METRIC = Pattern.compile("\\b((?:hotpath|jvm)_[a-z0-9_]+)\\s*(\\{[^}]*\\})?");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([a-zA-Z_]+)\\)");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? ");
    private static final Pattern SAMPLE_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private DeployedQueries()
    {
    }

    /**
     * @return the repository's root: the tests run in their module's directory.
     */
    public static Path root()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy")))
        {
            dir = dir.getParent();
        }
        assertThat(dir).as("a deploy/ folder above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    public static Path rules()
    {
        return root().resolve("deploy/prometheus/hotpath-rules.yml");
    }

    public static Path dashboard()
    {
        return root().resolve("deploy/grafana/hotpath-dashboard.json");
    }

    /**
     * @return every rule of the rules file, as parsed YAML.
     */
    public static List<JsonNode> ruleNodes()
    {
        final List<JsonNode> rules = new ArrayList<>();
        for (final JsonNode group : yaml(rules()).get("groups"))
        {
            group.get("rules").forEach(rules::add);
        }
        return rules;
    }

    public static JsonNode yaml(final Path file)
    {
        try
        {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return every expression of the rules and of the dashboard's panels and variables.
     */
    public static List<String> expressions()
    {
        final List<String> all = new ArrayList<>();
        ruleNodes().forEach(rule -> all.add(rule.get("expr").asText()));
        all.addAll(dashboardExpressions());
        try
        {
            for (final JsonNode variable : new ObjectMapper().readTree(dashboard().toFile()).at("/templating/list"))
            {
                if (variable.has("definition"))
                {
                    all.add(variable.get("definition").asText());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return all;
    }

    /**
     * @return the expression of every target of every panel of the dashboard, rows' panels included.
     */
    public static List<String> dashboardExpressions()
    {
        final List<String> expressions = new ArrayList<>();
        try
        {
            panels(new ObjectMapper().readTree(dashboard().toFile()).get("panels"), expressions);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return expressions;
    }

    private static void panels(final JsonNode panels, final List<String> expressions)
    {
        for (final JsonNode panel : panels)
        {
            if (panel.has("panels"))
            {
                panels(panel.get("panels"), expressions);
            }
            if (panel.has("targets"))
            {
                panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText()));
            }
        }
    }

    /**
     * Checks that every metric the queries read (those {@code metrics} selects) is in {@code scrape}, with every label
     * the queries select, group or match it by.
     *
     * @return the metrics checked.
     */
    public static Set<String> assertServed(final String scrape, final Predicate<String> metrics)
    {
        final Map<String, Set<String>> served = served(scrape);
        final Set<String> checked = new TreeSet<>();
        for (final String expression : expressions())
        {
            final Map<String, Set<String>> read = metricsOf(expression);
            read.keySet().removeIf(metrics.negate());
            if (read.isEmpty())
            {
                continue;
            }
            final Set<String> labelsServed = new HashSet<>();
            for (final Map.Entry<String, Set<String>> metric : read.entrySet())
            {
                assertThat(served).as("the metric %s, read by: %s", metric.getKey(), expression).containsKey(metric.getKey());
                final Set<String> labels = served.get(metric.getKey());
                assertThat(labels).as("the labels of %s, read by: %s", metric.getKey(), expression).containsAll(metric.getValue());
                labelsServed.addAll(labels);
                checked.add(metric.getKey());
            }
            assertThat(labelsServed).as("labels grouped or matched by: %s", expression).containsAll(groupingLabels(expression));
        }
        return checked;
    }

    /**
     * @return each metric an expression reads, with the labels its selector matches.
     */
    public static Map<String, Set<String>> metricsOf(final String expression)
    {
        final Map<String, Set<String>> metrics = new TreeMap<>();
        final Matcher metric = METRIC.matcher(expression);
        while (metric.find())
        {
            final Set<String> labels = metrics.computeIfAbsent(metric.group(1), name -> new TreeSet<>());
            if (metric.group(2) != null)
            {
                final Matcher matcher = MATCHER.matcher(metric.group(2));
                while (matcher.find())
                {
                    labels.add(matcher.group(1));
                }
            }
            labels.removeAll(TARGET_LABELS);
        }
        return metrics;
    }

    private static Set<String> groupingLabels(final String expression)
    {
        final Set<String> labels = new TreeSet<>();
        final Matcher grouping = GROUPING.matcher(expression);
        while (grouping.find())
        {
            for (final String label : grouping.group(1).split(","))
            {
                if (!label.isBlank())
                {
                    labels.add(label.trim());
                }
            }
        }
        final Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.find())
        {
            labels.add(labelValues.group(2));
        }
        labels.removeAll(TARGET_LABELS);
        return labels;
    }

    /**
     * @return every sample name of a Prometheus text scrape, with the label names its samples carry.
     */
    static Map<String, Set<String>> served(final String scrape)
    {
        final Map<String, Set<String>> served = new HashMap<>();
        for (final String line : scrape.split("\n"))
        {
            final Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find())
            {
                continue;
            }
            final Set<String> labels = served.computeIfAbsent(sample.group(1), name -> new TreeSet<>());
            if (sample.group(2) != null)
            {
                final Matcher label = SAMPLE_LABEL.matcher(sample.group(2));
                while (label.find())
                {
                    labels.add(label.group(1));
                }
            }
        }
        return served;
    }
}
