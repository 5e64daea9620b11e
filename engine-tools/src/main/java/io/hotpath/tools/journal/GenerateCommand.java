package io.hotpath.tools.journal;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.control.HashShardPlacement;
import io.hotpath.core.sbe.CommandMetaDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.shard.CommandSource;
import io.hotpath.core.shard.ResultListener;
import io.hotpath.core.shard.Shard;
import io.hotpath.journal.ChronicleJournal;
import io.hotpath.journal.FileSnapshotStore;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.server.EngineSettings;
import io.hotpath.server.ShardLogicFactory;
import io.hotpath.workload.MixedWorkload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.OffsetEpochNanoClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code engine journal generate}: writes a journal of synthetic mixed commands through real shards
 * (ring, journal, decision logic, egress), as the engine would have, without a gRPC front: a
 * journal to measure replay on, or to try the journal tools against.
 *
 * <p>Command times are synthetic (a busy day's pace from the given start), so a latency report of
 * such a journal means nothing; every other tool reads it as it would a real one.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a journal of synthetic mixed commands (payments, outcomes, labels, quotes, market data, ticks) "
        + "through real shards.")
final class GenerateCommand implements Callable<Integer>
{
    @Mixin
    JournalToolOptions journal;

    @Option(names = "--commands", paramLabel = "N", description = "Commands to write, over every shard (default 1000000).")
    long commands = 1_000_000;

    @Option(names = "--shards", paramLabel = "N", description = "Shards (default: hotpath.shards).")
    Integer shards;

    @Option(names = "--tenants", paramLabel = "N", description = "Tenants the traffic spreads over (default 8).")
    int tenants = 8;

    @Option(names = "--seed", paramLabel = "N", description = "The same seed writes the same commands (default 1).")
    long seed = 1;

    @Option(names = "--snapshot-every", paramLabel = "N",
        description = "A snapshot of every shard after each N commands; 0 for none (default 250000).")
    long snapshotEvery = 250_000;

    @Option(names = "--no-progress", description = "No progress bar on standard error.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException
    {
        final EngineSettings settings = journal.settings();
        final Path root = settings.journalDir();
        refuseExisting(root);
        final int shardCount = shards == null ? settings.shards() : shards;
        final ShardLogicFactory factory = ShardLogicFactory.engine(settings);
        final Shard[] running = new Shard[shardCount];
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        for (int shardId = 0; shardId < shardCount; shardId++)
        {
            final Path shardDir = JournalDescriptor.shardDir(root, shardId);
            final FileSnapshotStore snapshots =
                new FileSnapshotStore(JournalDescriptor.snapshotsDir(shardDir), settings.journal().snapshotsKept());
            final ChronicleJournal journal = ChronicleJournal.open(shardDir, settings.durability(), settings.journal().rollCycle());
            running[shardId] = new Shard(settings.shardContext(shardId), journal, factory.create(shardId, snapshots), clock).start();
        }

        final HashShardPlacement placement = new HashShardPlacement(shardCount);
        final MixedWorkload workload = new MixedWorkload(seed, tenants, clock.nanoTime());
        final EncodedCommand next = new EncodedCommand();
        final CommandMetaDecoder meta = new CommandMetaDecoder();
        final AtomicLong answered = new AtomicLong();
        final ResultListener counted = event -> answered.incrementAndGet();
        final long started = System.nanoTime();
        long snapshots = 0;
        try (ReplayProgress progress = new ReplayProgress("generate", !noProgress))
        {
            progress.start(commands);
            for (long n = 1; n <= commands; n++)
            {
                next.length = workload.next(next.bytes);
                final long tenant = meta.wrap(next.bytes, MessageHeaderDecoder.ENCODED_LENGTH).tenantId();
                publish(running[placement.shardOf(tenant)], next, counted);
                if (snapshotEvery > 0 && n % snapshotEvery == 0)
                {
                    snapshots++;
                    for (final Shard shard : running)
                    {
                        publish(shard, new ControlCommand.TakeSnapshot(snapshots).source(-snapshots, workload.time()), counted);
                    }
                }
                if ((n & 0x3FFF) == 0)
                {
                    progress.advance(0x4000);
                }
            }
            progress.advance(commands & 0x3FFF);
        }
        for (final Shard shard : running)
        {
            shard.close();
        }
        final double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("journal generate: %,d commands (and %,d snapshots per shard) through %d shards into %s in %.1f s "
            + "(%,.0f commands/s), %,d results%n", commands, snapshots, shardCount, root.toAbsolutePath(), seconds,
            commands / seconds, answered.get());
        return 0;
    }

    private static void refuseExisting(final Path root) throws IOException
    {
        if (Files.isDirectory(root))
        {
            try (Stream<Path> children = Files.list(root))
            {
                if (children.findAny().isPresent())
                {
                    throw new IllegalArgumentException(root + " is not empty: generate writes a new journal only");
                }
            }
        }
    }

    private static void publish(final Shard shard, final CommandSource command, final ResultListener counted)
    {
        int outcome;
        while ((outcome = shard.tryPublish(command, counted)) != Shard.PUBLISHED)
        {
            if (outcome != Shard.RING_FULL)
            {
                throw new IllegalStateException("shard " + shard.context().shardId() + " stopped taking commands: " + outcome);
            }
            Thread.yield();
        }
    }

    /**
     * One command already encoded, copied into the ring slot: configs may be larger than a slot,
     * so the shard is told the length first.
     */
    private static final class EncodedCommand implements CommandSource
    {
        private final ExpandableArrayBuffer bytes = new ExpandableArrayBuffer(1 << 14);
        private int length;

        @Override
        public int encodeCommand(final MutableDirectBuffer buffer)
        {
            buffer.putBytes(0, (DirectBuffer)bytes, 0, length);
            return length;
        }

        @Override
        public int encodedLength()
        {
            return length;
        }
    }
}
