package io.hotpath.tools.journal;

import com.typesafe.config.Config;
import io.hotpath.journal.tools.JournalSelection;
import io.hotpath.server.EngineOptions;
import io.hotpath.server.EngineSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What every journal and replay command reads: which journal, which shards, and the engine config
 * the shards ran with (a replay needs their limits: a limit reached is an answer).
 */
final class JournalToolOptions
{
    @Option(names = "--journal", paramLabel = "DIR",
        description = "The engine's journal root (with shard-N/ in it) or one shard's directory (default: hotpath.journal.dir).")
    File journal;

    @Option(names = "--engine-config", paramLabel = "FILE",
        description = "The HOCON file the engine ran with, for its journal directory and limits (default: the embedded defaults).")
    File engineConfig;

    @Option(names = "--shard", paramLabel = "N", description = "Only this shard (default: every shard).")
    Integer shard;

    EngineSettings settings()
    {
        return EngineSettings.from(config());
    }

    /**
     * @return the whole config: the file's, over the embedded defaults, with {@code --journal} over both.
     */
    Config config()
    {
        final Map<String, Object> flags = new HashMap<>();
        if (journal != null)
        {
            flags.put("hotpath.journal.dir", journal.getPath());
        }
        return EngineOptions.layered(flags, engineConfig, Map.of());
    }

    /**
     * @return the shard directories chosen, in shard order.
     * @throws IllegalArgumentException if there is no journal, or no such shard.
     */
    List<Path> shardDirs()
    {
        final List<Path> all = JournalSelection.shards(settings().journalDir());
        if (shard == null)
        {
            return all;
        }
        final List<Path> chosen = all.stream().filter(dir -> JournalSelection.shardId(dir) == shard).toList();
        if (chosen.isEmpty())
        {
            throw new IllegalArgumentException("no shard " + shard + " in " + settings().journalDir());
        }
        return chosen;
    }
}
