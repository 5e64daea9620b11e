package io.hotpath.export;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exporters config asks for: one per enabled sink, each on its own thread, over the same shards.
 */
public final class Exporters implements AutoCloseable
{
    private final ExportSettings settings;
    private final List<Exporter> exporters;

    private Exporters(final ExportSettings settings, final List<Exporter> exporters)
    {
        this.settings = settings;
        this.exporters = exporters;
    }

    /**
     * Builds (does not start) an exporter for each enabled sink.
     *
     * @param metrics null for none.
     */
    public static Exporters create(final ExportSettings settings, final Path journalRoot, final int[] shards,
        final ExportMetrics metrics)
    {
        final List<Exporter> exporters = new ArrayList<>();
        if (settings.kafka() != null)
        {
            exporters.add(new Exporter(new KafkaSink(settings.kafka()), journalRoot, shards, settings));
        }
        if (settings.postgres() != null)
        {
            exporters.add(new Exporter(new PostgresSink(settings.postgres()), journalRoot, shards, settings));
        }
        if (metrics != null)
        {
            exporters.forEach(metrics::add);
        }
        return new Exporters(settings, exporters);
    }

    public Exporters start()
    {
        exporters.forEach(Exporter::start);
        return this;
    }

    public List<Exporter> exporters()
    {
        return List.copyOf(exporters);
    }

    /**
     * @return null when every sink is healthy or has failed for less than {@code failing-after}; otherwise what is failing.
     */
    public String failing()
    {
        final StringBuilder failing = new StringBuilder();
        for (final Exporter exporter : exporters)
        {
            final long nanos = exporter.failingForNanos();
            if (nanos > settings.failingAfter().toNanos())
            {
                failing.append(failing.length() == 0 ? "" : "; ").append("export sink ").append(exporter.sinkName())
                    .append(" failing for ").append(TimeUnit.NANOSECONDS.toSeconds(nanos)).append(" s: ")
                    .append(exporter.lastFailure());
            }
        }
        return failing.length() == 0 ? null : failing.toString();
    }

    public ExportSettings settings()
    {
        return settings;
    }

    @Override
    public void close()
    {
        exporters.forEach(Exporter::close);
    }
}
