package io.hotpath.tools.whatif;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.hotpath.core.codes.TextKeys;
import io.hotpath.core.logic.ShardLogic;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.state.StateFormatException;
import io.hotpath.journal.FileSnapshotStore;
import io.hotpath.journal.JournalReader;
import io.hotpath.journal.JournalReplayer;
import io.hotpath.journal.tools.JournalSelection;
import io.hotpath.server.EngineSettings;
import io.hotpath.server.ShardLogicFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Replays one shard's journal with one tenant's routing, fraud or pricing config replaced by a
 * document under test, and reports what that tenant's decisions would have been instead.
 *
 * <pre>
 *   the config under test   replaces every config of the tenant's domain the replay meets: each
 *                           ApplyConfig the journal holds, at that command's version, and the one
 *                           a snapshot restores; and is in force from the replay's first command
 *   start                   as replay verify: the journal's start, or the newest good snapshot
 *                           before the range
 *   compared                the tenant's results in the range; every command is still applied
 * </pre>
 */
public final class WhatIf
{
    /**
     * @param shardDir    the journal of the tenant's shard.
     * @param settings    the engine settings the shard ran with.
     * @param tenant      the tenant under test.
     * @param domain      the config domain changed.
     * @param config      the config under test.
     * @param range       the commands compared; its tenant is ignored.
     * @param changesFile where to write every changed decision (.csv or .json), or null.
     * @param page        where to write the HTML summary, or null.
     * @param rangeText   the range, for people.
     */
    public record Request(Path shardDir, EngineSettings settings, long tenant, ConfigDomain domain, Path config,
        JournalReplayer.Range range, Path changesFile, Path page, String rangeText)
    {
    }

    /**
     * @param run         the replay.
     * @param substituted configs of the tenant replaced.
     * @param changeRows  rows written to the changes file.
     * @param summary     what changed, as a few lines for a terminal.
     */
    public record Outcome(JournalReplayer.Run run, long substituted, long changeRows, List<String> summary)
    {
    }

    private WhatIf()
    {
    }

    /**
     * @throws IllegalArgumentException if the config under test is not a valid config of the domain.
     */
    public static Outcome run(final Request request, final JournalReplayer.Progress progress) throws IOException
    {
        final byte[] document = Files.readAllBytes(request.config());
        final String origin = request.config().getFileName().toString();
        final long version = version(document);
        final SubstitutedConfig[] seam = new SubstitutedConfig[1];
        final EngineSettings settings = request.settings();
        final ShardLogicFactory whatIf = ShardLogicFactory.engine(settings.maxTenants(), settings.pricingLimits(),
            settings.idempotencyLimits(), settings.fraudLimits(), domain ->
            {
                if (domain.configDomain() != request.domain())
                {
                    return domain;
                }
                seam[0] = new SubstitutedConfig(domain, request.tenant(), document, origin);
                return seam[0];
            });
        final int shardId = JournalSelection.shardId(request.shardDir());
        whatIf.create(shardId, JournalReplayer.KEEP_EXISTING_SNAPSHOTS);
        final String invalid = seam[0].putInForce(version);
        if (invalid != null)
        {
            throw new IllegalArgumentException(origin + " is not a valid " + request.domain().name().toLowerCase(Locale.ROOT)
                + " config: " + invalid);
        }

        final JournalReplayer.Range range = new JournalReplayer.Range(request.range().from(), request.range().to(), request.tenant());
        final ShardLogicFactory asRan = ShardLogicFactory.engine(settings);
        try (JournalReader reader = JournalReader.open(request.shardDir());
            ChangeWriter changes = request.changesFile() == null ? null : new ChangeWriter(request.changesFile()))
        {
            final JournalReplayer.Start asJournaled = JournalReplayer.start(request.shardDir(), reader, range,
                () -> asRan.create(shardId, JournalReplayer.KEEP_EXISTING_SNAPSHOTS));
            final JournalReplayer.Start start = startUnderTest(asJournaled,
                () -> whatIf.create(shardId, JournalReplayer.KEEP_EXISTING_SNAPSHOTS));
            seam[0].putInForce(version);
            final WhatIfAnalysis analysis = new WhatIfAnalysis(shardId, skuNames(document), changes);
            final JournalReplayer.Run run = JournalReplayer.replay(reader, start, range, progress, analysis);
            final long rows = changes == null ? 0 : changes.written();
            if (request.page() != null)
            {
                WhatIfPage.write(request.page(), new WhatIfPage.Heading(request.shardDir(), shardId, request.tenant(),
                    request.domain().name().toLowerCase(Locale.ROOT), request.config(), request.rangeText(), run.commands(), run.seconds(),
                    seam[0].substitutions(), request.changesFile(), rows, Instant.now().toString()), analysis);
            }
            return new Outcome(run, seam[0].substitutions(), rows, summarize(analysis));
        }
    }

    /**
     * The what-if logic at the same point as the logic a verify would start from: restored from the
     * same snapshot, whose configs of the tenant the seam replaces as they are applied again.
     */
    private static JournalReplayer.Start startUnderTest(final JournalReplayer.Start asJournaled,
        final Supplier<ShardLogic> fresh)
    {
        final ShardLogic logic = fresh.get();
        if (asJournaled.snapshot() == null)
        {
            return new JournalReplayer.Start(logic, 0, null, asJournaled.firstInRange());
        }
        final FileSnapshotStore.Snapshot snapshot = FileSnapshotStore.read(asJournaled.snapshot())
            .orElseThrow(() -> new IllegalStateException("snapshot " + asJournaled.snapshot() + " changed during the replay"));
        try
        {
            logic.restore(new UnsafeBuffer(snapshot.state()), 0, snapshot.state().length);
        }
        catch (final StateFormatException ex)
        {
            throw new IllegalArgumentException("the shard's state at snapshot " + asJournaled.snapshot().getFileName()
                + " does not take the config under test (" + ex.getMessage() + "); replay from an earlier --from", ex);
        }
        return new JournalReplayer.Start(logic, asJournaled.engineSequence(), asJournaled.snapshot(), asJournaled.firstInRange());
    }

    private static long version(final byte[] document)
    {
        try
        {
            final Config parsed = ConfigFactory.parseString(new String(document, StandardCharsets.UTF_8));
            return parsed.hasPath("version") ? parsed.getLong("version") : 1;
        }
        catch (final ConfigException ex)
        {
            // The domain's own parser names what is wrong, with the line, when the document is put in force.
            return 1;
        }
    }

    /**
     * @return SKU names by key, from a price book's {@code skus} list; the key in hex for any other SKU.
     */
    static LongFunction<String> skuNames(final byte[] document)
    {
        final Map<Long, String> names = new HashMap<>();
        try
        {
            final Config parsed = ConfigFactory.parseString(new String(document, StandardCharsets.UTF_8));
            if (parsed.hasPath("skus"))
            {
                for (final Config sku : parsed.getConfigList("skus"))
                {
                    if (sku.hasPath("sku"))
                    {
                        names.put(TextKeys.of(sku.getString("sku")), sku.getString("sku"));
                    }
                }
            }
        }
        catch (final ConfigException ex)
        {
            // Not a price book: keys print in hex.
        }
        return key -> names.getOrDefault(key, String.format("sku-%016x", key));
    }

    /**
     * @return the analysis as a few lines for a terminal.
     */
    private static List<String> summarize(final WhatIfAnalysis analysis)
    {
        final List<String> lines = new ArrayList<>();
        final long[] payments = analysis.counts(DecisionFacets.Kind.PAYMENT);
        final StringBuilder moves = new StringBuilder();
        analysis.actions().forEach((from, row) -> row.forEach((to, count) ->
        {
            if (!from.equals(to))
            {
                moves.append(String.format(Locale.ROOT, "  %s -> %s %,d", from, to, count));
            }
        }));
        lines.add(String.format(Locale.ROOT, "payment decisions: %,d compared, %,d changed%s", payments[0], payments[1],
            moves.length() == 0 ? "; no action changes" : "; action changes:" + moves));
        final long[] routes = analysis.counts(DecisionFacets.Kind.ROUTE);
        lines.add(String.format(Locale.ROOT, "route requests: %,d compared, %,d changed", routes[0], routes[1]));
        if (!analysis.routes().isEmpty())
        {
            final StringBuilder byProcessor = new StringBuilder();
            analysis.routes().forEach((processor, pair) ->
                byProcessor.append(String.format(Locale.ROOT, "  %s %,d -> %,d", processor, pair[0], pair[1])));
            lines.add("first processor, as journaled -> with the new config:" + byProcessor);
        }
        final long[] quotes = analysis.counts(DecisionFacets.Kind.QUOTE);
        final PriceDeltas prices = analysis.prices();
        lines.add(String.format(Locale.ROOT, "quotes: %,d compared, %,d changed", quotes[0], quotes[1])
            + (prices.count() == 0 ? "" : String.format(Locale.ROOT, "; unit price change p5 %+.2f%%, p50 %+.2f%%, p95 %+.2f%%; "
            + "%,d higher, %,d lower", prices.percentile(5), prices.percentile(50), prices.percentile(95), prices.up(), prices.down())));
        final long[] others = analysis.counts(DecisionFacets.Kind.OTHER);
        lines.add(String.format(Locale.ROOT, "other results: %,d compared, %,d differ%s", others[0], others[1],
            analysis.otherChanges().isEmpty() ? "" : " " + analysis.otherChanges()));
        return lines;
    }
}
