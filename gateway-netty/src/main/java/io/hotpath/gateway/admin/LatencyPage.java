package io.hotpath.gateway.admin;

import io.hotpath.core.shard.Stage;
import java.time.Instant;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The admin {@code /latency} page: each stage's latency percentile distribution, from publish into
 * the ring, over the last minute and since start, as a chart in the manner of HdrHistogram's
 * plotter (percentiles spread on a log scale of 1 / (1 - p), so the tail gets the room) and as a
 * table. One self-contained HTML page: inline style and SVG, no script.
 */
final class LatencyPage
{
    /** Percentiles plotted and tabled. */
    static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100};
    private static final String[] COLOURS = {"#4e79a7", "#e07b39", "#59a14f"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int BOTTOM = 40;
    private static final String[] NINES_LABELS = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    private static final double MAX_NINES = NINES_LABELS.length - 1;

    private LatencyPage()
    {
    }

    static String render(final StageMonitor monitor)
    {
        final Histogram[] recent = new Histogram[Stage.values().length];
        final Histogram[] sinceStart = new Histogram[Stage.values().length];
        for (final Stage stage : Stage.values())
        {
            recent[stage.ordinal()] = monitor.recent(stage);
            sinceStart[stage.ordinal()] = monitor.sinceStart(stage);
        }
        final StringBuilder html = new StringBuilder(16 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Hotpath latency</title><style>")
            .append("body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:960px;color:#1d2430;padding:0 1rem}")
            .append("table{border-collapse:collapse;margin:.6rem 0}td,th{border:1px solid #dde3ea;padding:.2rem .5rem;text-align:right}")
            .append("th{background:#f3f5f8}.meta{color:#5b6675}svg text{font-size:11px;fill:#1d2430}")
            .append("</style></head><body>\n<h1>Latency by stage, from publish into the shard ring</h1>\n")
            .append("<p class=\"meta\">Microseconds. Journal: the command is appended; decision: its result is written; egress: ")
            .append("the result is handed to its call (end to end inside the engine). As of ").append(Instant.now())
            .append("; reload for newer figures.</p>\n");
        section(html, "Last minute", recent);
        section(html, "Since start", sinceStart);
        return html.append("</body></html>\n").toString();
    }

    private static void section(final StringBuilder html, final String title, final Histogram[] histograms)
    {
        html.append("<h2>").append(title).append("</h2>\n");
        long count = 0;
        for (final Histogram histogram : histograms)
        {
            count = Math.max(count, histogram.getTotalCount());
        }
        if (count == 0)
        {
            html.append("<p class=\"meta\">No commands yet.</p>\n");
            return;
        }
        chart(html, histograms);
        html.append("<table><tr><th>stage</th><th>count</th>");
        for (final double p : PERCENTILES)
        {
            html.append("<th>").append(label(p)).append("</th>");
        }
        html.append("</tr>");
        for (final Stage stage : Stage.values())
        {
            final Histogram histogram = histograms[stage.ordinal()];
            html.append("<tr><th>").append(stage.name().toLowerCase(Locale.ROOT)).append("</th>")
                .append(String.format(Locale.ROOT, "<td>%,d</td>", histogram.getTotalCount()));
            for (final double p : PERCENTILES)
            {
                html.append(String.format(Locale.ROOT, "<td>%,.1f</td>", micros(histogram, p)));
            }
            html.append("</tr>");
        }
        html.append("</table>\n");
    }

    private static void chart(final StringBuilder html, final Histogram[] histograms)
    {
        double top = 1;
        for (final Histogram histogram : histograms)
        {
            top = Math.max(top, micros(histogram, PERCENTILES[PERCENTILES.length - 2]));
        }
        top = niceCeiling(top);
        final int plotWidth = WIDTH - LEFT - 20;
        final int plotHeight = HEIGHT - BOTTOM - 20;
        html.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
            WIDTH, HEIGHT));
        for (int tick = 0; tick <= 4; tick++)
        {
            final double value = top * tick / 4;
            final double y = 20 + plotHeight - plotHeight * tick / 4.0;
            html.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e7ec\"/>"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%,.0f</text>", LEFT, y, LEFT + plotWidth, y, LEFT - 6, y + 4, value));
        }
        for (int nines = 0; nines < NINES_LABELS.length; nines++)
        {
            final double x = LEFT + plotWidth * nines / MAX_NINES;
            html.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e7ec\"/>"
                + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, x, 20 + plotHeight, x, 20 + plotHeight + 16,
                NINES_LABELS[nines]));
        }
        for (final Stage stage : Stage.values())
        {
            final Histogram histogram = histograms[stage.ordinal()];
            final StringBuilder points = new StringBuilder();
            for (final double p : PERCENTILES)
            {
                if (p >= 100)
                {
                    continue;
                }
                final double nines = Math.min(MAX_NINES, Math.log10(100 / (100 - p)));
                final double x = LEFT + plotWidth * nines / MAX_NINES;
                final double y = 20 + plotHeight - plotHeight * Math.min(1, micros(histogram, p) / top);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            final String colour = COLOURS[stage.ordinal() % COLOURS.length];
            html.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"")
                .append(points.toString().trim()).append("\"/>");
            final int legendX = LEFT + 10 + stage.ordinal() * 110;
            html.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"4\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"12\">%s</text>", legendX, colour, legendX + 16, stage.name().toLowerCase(Locale.ROOT)));
        }
        html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>",
            LEFT + plotWidth / 2, HEIGHT - 4));
        html.append("</svg>\n");
    }

    private static double micros(final Histogram histogram, final double percentile)
    {
        if (histogram.getTotalCount() == 0)
        {
            return 0;
        }
        return (percentile >= 100 ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile)) / 1e3;
    }

    private static String label(final double percentile)
    {
        if (percentile == 0)
        {
            return "min";
        }
        if (percentile == 100)
        {
            return "max";
        }
        return "p" + (percentile == Math.rint(percentile) ? String.valueOf((long)percentile) : String.valueOf(percentile));
    }

    /**
     * @return 1, 2 or 5 times a power of ten, at or above {@code value}: an axis top people can read.
     */
    static double niceCeiling(final double value)
    {
        final double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (final double step : new double[] {1, 2, 5, 10})
        {
            if (value <= step * magnitude)
            {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
