package io.hotpath.tools.whatif;

import static io.hotpath.tools.whatif.SvgCharts.escape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The what-if summary an analyst reads: one self-contained HTML page (inline style and SVG, no
 * scripts, nothing fetched) with the payment action changes, routing by processor, the
 * distribution of price changes, other results that differ, and the first changed decisions.
 */
final class WhatIfPage
{
    /** Bucket edges of the price change histogram, percent. */
    static final double[] PRICE_EDGES = {-20, -10, -5, -2, -0.5, -0.0001, 0.0001, 0.5, 2, 5, 10, 20};
    private static final String[] PRICE_LABELS = {
        "< -20%", "-20..-10", "-10..-5", "-5..-2", "-2..-0.5", "-0.5..0", "0", "0..0.5", "0.5..2", "2..5", "5..10", "10..20", "\u2265 20%"};
    private static final String STYLE = """
        body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2430;
          padding:0 1rem}
        h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2.2rem;border-bottom:1px solid #dde3ea;padding-bottom:.2rem}
        .meta{color:#5b6675}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1.2rem 0}
        .card{border:1px solid #dde3ea;border-radius:6px;padding:.6rem 1rem;min-width:180px}
        .card b{display:block;font-size:1.4rem}.card span{color:#5b6675}
        table{border-collapse:collapse;margin:.6rem 0}td,th{border:1px solid #dde3ea;padding:.25rem .6rem;text-align:right}
        th{background:#f3f5f8}td.l,th.l{text-align:left}td.same{color:#8a94a3}td.moved{background:#fdeee4;font-weight:600}
        svg .label{font-size:12px;fill:#1d2430}svg .value{font-size:11px;fill:#5b6675}code{background:#f3f5f8;padding:0 .25rem}
        """;

    /**
     * What was replayed, for the page's heading.
     *
     * @param journal      the journal.
     * @param shard        the shard replayed.
     * @param tenant       the tenant under test.
     * @param domain       the config domain changed.
     * @param config       the config file under test.
     * @param range        the range compared, for people.
     * @param commands     commands replayed.
     * @param seconds      replay time.
     * @param substituted  configs of the tenant the replay replaced.
     * @param changesFile  where the changed decisions went, or null.
     * @param changeRows   rows written there.
     * @param generatedAt  when, ISO-8601.
     */
    record Heading(Path journal, int shard, long tenant, String domain, Path config, String range, long commands, double seconds,
        long substituted, Path changesFile, long changeRows, String generatedAt)
    {
    }

    private WhatIfPage()
    {
    }

    static void write(final Path file, final Heading heading, final WhatIfAnalysis analysis) throws IOException
    {
        final StringBuilder html = new StringBuilder(32 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<title>What if tenant ").append(heading.tenant()).append(" ran ").append(escape(name(heading.config())))
            .append("</title><style>").append(STYLE).append("</style></head><body>\n");
        html.append("<h1>What if tenant ").append(heading.tenant()).append(" had run ").append(escape(heading.domain()))
            .append(" config <code>").append(escape(name(heading.config()))).append("</code></h1>\n");
        html.append(String.format(Locale.ROOT, "<p class=\"meta\">Journal <code>%s</code>, shard %d, %s: %,d commands replayed in %.2f s, "
            + "the tenant's %s config replaced %,d time(s). Written %s by <code>engine replay what-if</code>.</p>%n",
            escape(heading.journal().toAbsolutePath().toString()), heading.shard(), escape(heading.range()), heading.commands(),
            heading.seconds(), escape(heading.domain()), heading.substituted(), heading.generatedAt()));
        cards(html, analysis);
        payments(html, analysis);
        routes(html, analysis);
        prices(html, analysis.prices());
        others(html, analysis.otherChanges());
        firstChanges(html, analysis.firstChanges());
        if (heading.changesFile() != null)
        {
            html.append(String.format(Locale.ROOT, "<p class=\"meta\">Every changed decision (%,d) is in <code>%s</code>.</p>%n",
                heading.changeRows(), escape(heading.changesFile().toAbsolutePath().toString())));
        }
        html.append("</body></html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static void cards(final StringBuilder html, final WhatIfAnalysis analysis)
    {
        html.append("<div class=\"cards\">");
        card(html, "payment decisions", analysis.counts(DecisionFacets.Kind.PAYMENT));
        card(html, "route requests", analysis.counts(DecisionFacets.Kind.ROUTE));
        card(html, "quotes", analysis.counts(DecisionFacets.Kind.QUOTE));
        card(html, "other results", analysis.counts(DecisionFacets.Kind.OTHER));
        html.append("</div>\n");
    }

    private static void card(final StringBuilder html, final String what, final long[] counts)
    {
        html.append(String.format(Locale.ROOT, "<div class=\"card\"><b>%,d</b><span>of %,d %s changed (%s)</span></div>", counts[1],
            counts[0], what, percent(counts[1], counts[0])));
    }

    private static void payments(final StringBuilder html, final WhatIfAnalysis analysis)
    {
        final Map<String, Map<String, Long>> actions = analysis.actions();
        html.append("<h2>Payment actions</h2>\n");
        if (actions.isEmpty())
        {
            html.append("<p class=\"meta\">The tenant made no payment decisions in the range.</p>\n");
            return;
        }
        final Set<String> all = new LinkedHashSet<>(List.of("ALLOW", "REVIEW", "CHALLENGE", "BLOCK", DecisionFacets.REFUSED));
        actions.forEach((from, row) -> all.addAll(row.keySet()));
        all.addAll(actions.keySet());
        final List<String> labels = new ArrayList<>();
        final List<long[]> pairs = new ArrayList<>();
        for (final String action : all)
        {
            final long before = actions.getOrDefault(action, Map.of()).values().stream().mapToLong(Long::longValue).sum();
            final long after = actions.values().stream().mapToLong(row -> row.getOrDefault(action, 0L)).sum();
            if (before > 0 || after > 0)
            {
                labels.add(action);
                pairs.add(new long[] {before, after});
            }
        }
        html.append(SvgCharts.pairedBars(labels, column(pairs, 0), column(pairs, 1))).append('\n');
        html.append("<table><tr><th class=\"l\">as journaled \u2193 / with the new config \u2192</th>");
        labels.forEach(label -> html.append("<th>").append(escape(label)).append("</th>"));
        html.append("</tr>");
        for (final String from : labels)
        {
            html.append("<tr><th class=\"l\">").append(escape(from)).append("</th>");
            for (final String to : labels)
            {
                final long count = actions.getOrDefault(from, Map.of()).getOrDefault(to, 0L);
                html.append("<td class=\"").append(from.equals(to) ? "same" : count > 0 ? "moved" : "").append("\">")
                    .append(String.format(Locale.ROOT, "%,d", count)).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>\n");
    }

    private static void routes(final StringBuilder html, final WhatIfAnalysis analysis)
    {
        html.append("<h2>Routing by processor (first choice)</h2>\n");
        if (analysis.routes().isEmpty())
        {
            html.append("<p class=\"meta\">The tenant routed nothing in the range.</p>\n");
            return;
        }
        final List<String> labels = new ArrayList<>(analysis.routes().keySet());
        labels.sort(Comparator.comparingLong((String label) -> -analysis.routes().get(label)[0]).thenComparing(label -> label));
        final List<long[]> pairs = labels.stream().map(analysis.routes()::get).toList();
        html.append(SvgCharts.pairedBars(labels, column(pairs, 0), column(pairs, 1))).append('\n');
        html.append("<table><tr><th class=\"l\">processor</th><th>as journaled</th><th>with the new config</th><th>change</th></tr>");
        for (int i = 0; i < labels.size(); i++)
        {
            final long[] pair = pairs.get(i);
            html.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%,d</td><td>%,d</td><td>%+,d</td></tr>",
                escape(labels.get(i)), pair[0], pair[1], pair[1] - pair[0]));
        }
        html.append("</table>\n");
        if (!analysis.routeMoves().isEmpty())
        {
            html.append("<table><tr><th class=\"l\">moved from \u2192 to</th><th>payments</th></tr>");
            analysis.routeMoves().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(20)
                .forEach(move -> html.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%,d</td></tr>",
                    escape(move.getKey()), move.getValue())));
            html.append("</table>\n");
        }
    }

    private static void prices(final StringBuilder html, final PriceDeltas prices)
    {
        html.append("<h2>Price changes</h2>\n");
        if (prices.count() == 0)
        {
            html.append("<p class=\"meta\">The tenant was quoted no prices in the range.</p>\n");
            return;
        }
        html.append(String.format(Locale.ROOT, "<p>%,d quotes: %,d higher, %,d lower, %,d unchanged. Unit price change, percent of the "
            + "price as journaled:</p>%n", prices.count(), prices.up(), prices.down(), prices.unchanged()));
        html.append(SvgCharts.histogram(List.of(PRICE_LABELS), prices.histogram(PRICE_EDGES))).append('\n');
        html.append("<table><tr>");
        final double[] percentiles = {0, 1, 5, 25, 50, 75, 95, 99, 100};
        for (final double p : percentiles)
        {
            html.append("<th>").append(p == 0 ? "min" : p == 100 ? "max" : String.format(Locale.ROOT, "p%.0f", p)).append("</th>");
        }
        html.append("</tr><tr>");
        for (final double p : percentiles)
        {
            html.append(String.format(Locale.ROOT, "<td>%+.2f%%</td>", prices.percentile(p)));
        }
        html.append("</tr></table>\n");
        html.append("<table><tr><th class=\"l\">currency</th><th>quotes</th><th>changed</th><th>quoted total as journaled</th>"
            + "<th>with the new config</th><th>change</th></tr>");
        prices.byCurrency().forEach((currency, totals) -> html.append(String.format(Locale.ROOT,
            "<tr><td class=\"l\">%s</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%s</td></tr>", escape(currency), totals.quotes,
            totals.changed, totals.before, totals.after, signedPercent(totals.after - totals.before, totals.before))));
        html.append("</table><p class=\"meta\">Totals are in minor units of the currency.</p>\n");
        html.append("<table><tr><th class=\"l\">SKU (largest mean change first)</th><th>quotes</th><th>changed</th>"
            + "<th>mean change</th></tr>");
        prices.bySku().entrySet().stream()
            .sorted(Comparator.comparingDouble((Map.Entry<String, PriceDeltas.Totals> sku) ->
                -Math.abs(sku.getValue().percentSum / sku.getValue().quotes)).thenComparing(Map.Entry::getKey))
            .limit(15)
            .forEach(sku -> html.append(String.format(Locale.ROOT,
                "<tr><td class=\"l\">%s</td><td>%,d</td><td>%,d</td><td>%+.2f%%</td></tr>", escape(sku.getKey()), sku.getValue().quotes,
                sku.getValue().changed, sku.getValue().percentSum / sku.getValue().quotes)));
        html.append("</table>\n");
    }

    private static void others(final StringBuilder html, final Map<String, Long> others)
    {
        if (others.isEmpty())
        {
            return;
        }
        html.append("<h2>Other results that differ</h2>\n<p class=\"meta\">Results of other commands carry hashes of what they "
            + "changed (the streamed prices a market event or a tick moved, say), so a changed price or route shows here too.</p>\n"
            + "<table><tr><th class=\"l\">command</th><th>results that differ</th></tr>");
        others.forEach((type, count) -> html.append(String.format(Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%,d</td></tr>",
            escape(type), count)));
        html.append("</table>\n");
    }

    private static void firstChanges(final StringBuilder html, final List<Change> changes)
    {
        html.append("<h2>First changed decisions</h2>\n");
        if (changes.isEmpty())
        {
            html.append("<p class=\"meta\">No decision of the tenant would have changed.</p>\n");
            return;
        }
        html.append("<table><tr><th>engine sequence</th><th class=\"l\">time</th><th class=\"l\">command</th><th>id</th>"
            + "<th class=\"l\">changed</th><th class=\"l\">as journaled</th><th class=\"l\">with the new config</th></tr>");
        for (final Change change : changes)
        {
            html.append(String.format(Locale.ROOT, "<tr><td>%,d</td><td class=\"l\">%s</td><td class=\"l\">%s</td><td>%s</td>"
                + "<td class=\"l\">%s</td><td class=\"l\">%s</td><td class=\"l\">%s</td></tr>", change.engineSequence(),
                escape(change.commandTime()), escape(change.command()), change.id(), escape(change.changed()),
                escape(side(change, true)), escape(side(change, false))));
        }
        html.append("</table>\n");
    }

    private static String side(final Change change, final boolean before)
    {
        final StringBuilder text = new StringBuilder();
        if (change.actionBefore() != null)
        {
            final String rule = before ? change.ruleBefore() : change.ruleAfter();
            text.append(before ? change.actionBefore() : change.actionAfter()).append(" score ")
                .append(before ? change.scoreBefore() : change.scoreAfter()).append(rule == null || rule.isEmpty() ? "" : " (" + rule + ")")
                .append(", ");
        }
        if (change.routeBefore() != null)
        {
            text.append("route ").append(before ? change.routeBefore() : change.routeAfter());
            final String rule = before ? change.routeRuleBefore() : change.routeRuleAfter();
            text.append(rule == null || rule.isEmpty() ? "" : " (" + rule + ")");
        }
        if (change.sku() != null)
        {
            text.append(change.sku()).append(" x").append(change.quantity()).append(' ')
                .append(before ? change.unitPriceBefore() : change.unitPriceAfter()).append(' ').append(change.currency());
        }
        if (text.length() == 0)
        {
            text.append(before ? change.resultBefore() : change.resultAfter());
        }
        return text.toString();
    }

    private static long[] column(final List<long[]> pairs, final int column)
    {
        return pairs.stream().mapToLong(pair -> pair[column]).toArray();
    }

    private static String percent(final long part, final long whole)
    {
        return whole == 0 ? "none" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
    }

    private static String signedPercent(final long delta, final long base)
    {
        return base == 0 ? "" : String.format(Locale.ROOT, "%+.2f%%", 100.0 * delta / base);
    }

    private static String name(final Path file)
    {
        return file.getFileName().toString();
    }
}
