package io.hotpath.tools.whatif;

import com.google.common.html.HtmlEscapers;
import java.util.List;
import java.util.Locale;

/**
 * The what-if page's charts as inline SVG: horizontal paired bars (before and after) and a
 * histogram. Written by hand because the page must stand alone (no scripts, nothing fetched) and
 * render on a server without fonts or a display; a charting library (JFreeChart with JFreeSVG,
 * say) measures text through AWT fonts, which such a server does not have, for two chart shapes
 * this small.
 */
final class SvgCharts
{
    static final String BEFORE = "#7a8ca3";
    static final String AFTER = "#e07b39";
    private static final int LABEL_WIDTH = 220;
    private static final int BAR_AREA = 460;
    private static final int BAR_HEIGHT = 11;
    private static final int ROW_HEIGHT = 30;

    private SvgCharts()
    {
    }

    /**
     * @return one row per label, with a bar for its count before and one for after.
     */
    static String pairedBars(final List<String> labels, final long[] before, final long[] after)
    {
        long max = 1;
        for (int i = 0; i < labels.size(); i++)
        {
            max = Math.max(max, Math.max(before[i], after[i]));
        }
        final int height = labels.size() * ROW_HEIGHT + 34;
        final StringBuilder svg = new StringBuilder(1024);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
            LABEL_WIDTH + BAR_AREA + 90, height));
        legend(svg, LABEL_WIDTH, 12);
        for (int i = 0; i < labels.size(); i++)
        {
            final int y = 28 + i * ROW_HEIGHT;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" class=\"label\">%s</text>",
                LABEL_WIDTH - 8, y + BAR_HEIGHT + 3, escape(labels.get(i))));
            bar(svg, y, before[i], max, BEFORE);
            bar(svg, y + BAR_HEIGHT + 1, after[i], max, AFTER);
        }
        return svg.append("</svg>").toString();
    }

    /**
     * @return vertical bars, one per bucket, labelled underneath.
     */
    static String histogram(final List<String> bucketLabels, final long[] counts)
    {
        long max = 1;
        for (final long count : counts)
        {
            max = Math.max(max, count);
        }
        final int barWidth = 52;
        final int chartHeight = 180;
        final int width = bucketLabels.size() * (barWidth + 6) + 20;
        final StringBuilder svg = new StringBuilder(1024);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
            width, chartHeight + 60));
        for (int i = 0; i < counts.length; i++)
        {
            final int x = 10 + i * (barWidth + 6);
            final int h = counts[i] == 0 ? 0 : Math.max(1, (int)Math.round((double)counts[i] / max * chartHeight));
            svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s: %,d</title></rect>",
                x, 20 + chartHeight - h, barWidth, h, AFTER, escape(bucketLabels.get(i)), counts[i]));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"value\">%,d</text>",
                x + barWidth / 2, 16 + chartHeight - h, counts[i]));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"label\">%s</text>",
                x + barWidth / 2, chartHeight + 38, escape(bucketLabels.get(i))));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"6\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", chartHeight + 20,
            width - 6, chartHeight + 20));
        return svg.append("</svg>").toString();
    }

    static String escape(final String text)
    {
        return HtmlEscapers.htmlEscaper().escape(text);
    }

    private static void bar(final StringBuilder svg, final int y, final long value, final long max, final String colour)
    {
        final int width = value == 0 ? 0 : Math.max(1, (int)Math.round((double)value / max * BAR_AREA));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", LABEL_WIDTH, y, width,
            BAR_HEIGHT, colour));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"value\">%,d</text>", LABEL_WIDTH + width + 5,
            y + BAR_HEIGHT - 1, value));
    }

    private static void legend(final StringBuilder svg, final int x, final int y)
    {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>", x, y - 9, BEFORE));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\">as journaled</text>", x + 16, y));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>", x + 120, y - 9, AFTER));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\">with the new config</text>", x + 136, y));
    }
}
