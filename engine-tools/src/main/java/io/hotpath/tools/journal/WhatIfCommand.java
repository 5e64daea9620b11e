package io.hotpath.tools.journal;

import io.hotpath.core.control.HashShardPlacement;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.journal.tools.JournalSelection;
import io.hotpath.server.EngineSettings;
import io.hotpath.tools.whatif.WhatIf;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code engine replay what-if}: replays a tenant's shard with one of its configs replaced and
 * reports what it would have decided differently; see {@link WhatIf}.
 */
@Command(name = "what-if", mixinStandardHelpOptions = true,
    description = "Replay with a tenant's routing, fraud or pricing config replaced, and report the decisions that would change.")
final class WhatIfCommand implements Callable<Integer>
{
    @Mixin
    JournalToolOptions journal;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The config under test.")
    File config;

    @Option(names = "--domain", paramLabel = "DOMAIN", required = true, description = "routing, fraud or pricing.")
    String domain;

    @Mixin
    RangeOptions range;

    @Option(names = "--out", paramLabel = "FILE",
        description = "Write every changed decision here: CSV if FILE ends in .csv, else JSON.")
    File out;

    @Option(names = "--report", paramLabel = "FILE",
        description = "Write the summary as a self-contained HTML page (default what-if.html).")
    File report = new File("what-if.html");

    @Option(names = "--no-progress", description = "No progress bar on standard error.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException
    {
        if (range.tenant == 0)
        {
            throw new IllegalArgumentException("--tenant is required: the tenant whose config the replay replaces");
        }
        final long tenant = range.tenant;
        final ConfigDomain configDomain = domain();
        final EngineSettings settings = journal.settings();
        final Path shardDir = shardOfTenant(tenant);
        final String rangeText = range.from == null && range.to == null ? "the whole journal" : "commands "
            + (range.from == null ? "from the start" : "from " + range.from) + (range.to == null ? " to the end" : " to " + range.to);
        final WhatIf.Outcome outcome;
        try (ReplayProgress progress = new ReplayProgress("shard " + JournalSelection.shardId(shardDir), !noProgress))
        {
            outcome = WhatIf.run(new WhatIf.Request(shardDir, settings, tenant, configDomain, config.toPath(), range.range(),
                out == null ? null : out.toPath(), report.toPath(), rangeText), progress);
        }
        System.out.printf("what-if: tenant %d, %s config %s, shard %d, %s: %,d commands replayed in %.2f s (%,.0f commands/s), "
            + "the tenant's config replaced %,d time(s)%n", tenant, domain.toLowerCase(Locale.ROOT), config.getName(),
            JournalSelection.shardId(shardDir), rangeText, outcome.run().commands(), outcome.run().seconds(), outcome.run().throughput(),
            outcome.substituted());
        outcome.summary().forEach(line -> System.out.println("  " + line));
        if (out != null)
        {
            System.out.printf("  changed decisions: %s (%,d)%n", out.getAbsolutePath(), outcome.changeRows());
        }
        System.out.printf("  summary page: %s%n", report.getAbsolutePath());
        return 0;
    }

    private ConfigDomain domain()
    {
        switch (domain.toLowerCase(Locale.ROOT))
        {
            case "routing":
                return ConfigDomain.ROUTING;
            case "fraud":
                return ConfigDomain.FRAUD;
            case "pricing":
                return ConfigDomain.PRICING;
            default:
                throw new IllegalArgumentException("--domain must be routing, fraud or pricing, was " + domain);
        }
    }

    /**
     * @return the journal of the shard the tenant's commands went to: the one asked for, or the
     *         one the engine's placement gives with as many shards as the journal has.
     */
    private Path shardOfTenant(final long tenant)
    {
        final List<Path> shards = journal.shardDirs();
        if (shards.size() == 1)
        {
            return shards.get(0);
        }
        final int shardId = new HashShardPlacement(shards.size()).shardOf(tenant);
        return shards.stream().filter(dir -> JournalSelection.shardId(dir) == shardId).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("tenant " + tenant + " belongs to shard " + shardId + ", not in the journal"));
    }
}
