package io.hotpath.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueType;
import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * The options every engine command shares. Precedence: flags, then the {@code --config} file, then
 * the embedded defaults ({@code reference.conf}).
 */
public final class EngineOptions
{
    @Option(names = "--config", paramLabel = "FILE", description = "HOCON file overriding the embedded defaults.")
    File configFile;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address the gRPC front binds (default 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "N", description = "gRPC port (default 50051; 0 picks a free port).")
    Integer port;

    @Option(names = "--admin-port", paramLabel = "N",
        description = "HTTP admin port: /health/live, /health/ready, /metrics, /latency (default 9464; 0 picks a free port; -1 off).")
    Integer adminPort;

    @Option(names = "--binary-port", paramLabel = "N",
        description = "Binary front (TCP, SBE frames) port (default -1: off; 0 picks a free port).")
    Integer binaryPort;

    @Option(names = "--journal", paramLabel = "DIR", description = "Journal directory (default ./hotpath-journal).")
    File journal;

    @Option(names = "--shards", paramLabel = "N", description = "Number of shards (default 2).")
    Integer shards;

    @Option(names = "--durability", paramLabel = "MODE", description = "mapped (default) or sync (group commit, msync per batch).")
    String durability;

    @Option(names = "--wait-strategy", paramLabel = "KIND",
        description = "auto (default: parking below 8 cores, phased otherwise), parking, phased, phased-long-yield, sleeping, blocking, "
            + "yielding or busy-spin.")
    String waitStrategy;

    /**
     * @param defaults overrides of the embedded defaults that the command itself wants, below the flags and the file.
     */
    public Config load(final Map<String, Object> defaults)
    {
        return load(Map.of(), defaults);
    }

    /**
     * @param commandFlags settings from the command's own flags, which win with the shared ones.
     * @param defaults     overrides of the embedded defaults that the command itself wants, below the flags and the file.
     */
    public Config load(final Map<String, Object> commandFlags, final Map<String, Object> defaults)
    {
        final Map<String, Object> flags = new HashMap<>(commandFlags);
        put(flags, "hotpath.grpc.host", host);
        put(flags, "hotpath.grpc.port", port);
        put(flags, "hotpath.admin.port", adminPort);
        put(flags, "hotpath.binary.port", binaryPort);
        put(flags, "hotpath.journal.dir", journal == null ? null : journal.getPath());
        put(flags, "hotpath.shards", shards);
        put(flags, "hotpath.journal.durability", durability);
        put(flags, "hotpath.ring.wait-strategy", waitStrategy);

        return layered(flags, configFile, defaults);
    }

    /**
     * @param flags    settings from the command line, which win.
     * @param file     a HOCON file, or null.
     * @param defaults the command's own defaults, above the embedded ones.
     * @return the engine config, layered.
     */
    public static Config layered(final Map<String, Object> flags, final File file, final Map<String, Object> defaults)
    {
        Config config = ConfigFactory.parseMap(flags, "command-line flags");
        if (file != null)
        {
            if (!file.isFile())
            {
                // The parser's own word for it names a Java exception: "FileNotFoundException: ... (No such file or directory)".
                throw new IllegalArgumentException(file + ": no such config file" + (file.isDirectory() ? " (a directory)" : ""));
            }
            final Config settings = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
            requireKnown(settings, ConfigFactory.defaultReference(), file);
            config = config.withFallback(settings);
        }
        return config
            .withFallback(ConfigFactory.parseMap(defaults, "command defaults"))
            .withFallback(ConfigFactory.load())
            .resolve();
    }

    /**
     * A misspelt setting would otherwise be ignored without a word, and the engine would run on the
     * default (a {@code durability} that is not the one asked for, a journal in another directory):
     * every {@code hotpath} setting in the file must be one the engine has.
     *
     * @throws IllegalArgumentException naming each unknown setting and what its section does have.
     */
    /** Sections whose keys are passed through to a library as they are (Kafka client properties). */
    private static final List<String> FREE_FORM = List.of("hotpath.export.kafka.client.", "hotpath.export.kafka.producer.");

    static void requireKnown(final Config settings, final Config reference, final File file)
    {
        if (!settings.hasPath("hotpath"))
        {
            return;
        }
        final List<String> unknown = new ArrayList<>();
        final Set<String> keys = new TreeSet<>();
        settings.getConfig("hotpath").entrySet().forEach(entry -> keys.add(entry.getKey()));
        for (final String key : keys)
        {
            final String path = "hotpath." + key;
            if (!reference.hasPathOrNull(path) && FREE_FORM.stream().noneMatch(path::startsWith))
            {
                unknown.add(path + nearest(path, reference));
            }
        }
        if (!unknown.isEmpty())
        {
            final String settingOrSettings = unknown.size() == 1 ? "setting " : "settings ";
            throw new IllegalArgumentException(file + ": unknown " + settingOrSettings + String.join("; ", unknown));
        }
    }

    /**
     * @return what the closest section that exists holds, as a hint.
     */
    private static String nearest(final String path, final Config reference)
    {
        final List<String> parts = ConfigUtil.splitPath(path);
        for (int depth = parts.size() - 1; depth > 0; depth--)
        {
            final String parent = ConfigUtil.joinPath(parts.subList(0, depth));
            if (reference.hasPath(parent) && reference.getValue(parent).valueType() == ConfigValueType.OBJECT)
            {
                return " (" + parent + " has: " + String.join(", ", new TreeSet<>(reference.getConfig(parent).root().keySet())) + ")";
            }
        }
        return "";
    }

    private static void put(final Map<String, Object> flags, final String path, final Object value)
    {
        if (value != null)
        {
            flags.put(path, value);
        }
    }
}
