package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.hotpath.core.shard.WaitStrategyKind;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineOptionsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAFileWithAMisspeltSettingNamingWhatItsSectionHas() throws Exception
    {
        final File file = write("hotpath.journal.directory = /data/journal\nhotpath.journal.durability = sync\nhotpath.shard = 4\n");

        assertThatThrownBy(() -> EngineOptions.layered(Map.of(), file, Map.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith(file + ": unknown settings hotpath.journal.directory (hotpath.journal has: ")
            .hasMessageContaining(" dir, ")
            .hasMessageContaining("; hotpath.shard (hotpath has: ")
            .hasMessageNotContaining("durability =");
    }

    @Test
    void shouldRefuseAConfigFileThatIsNotThereSayingSo()
    {
        final File missing = dir.resolve("hotpath-prod.conf").toFile();
        assertThatThrownBy(() -> EngineOptions.layered(Map.of(), missing, Map.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(missing + ": no such config file");
        assertThatThrownBy(() -> EngineOptions.layered(Map.of(), dir.toFile(), Map.of()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage(dir + ": no such config file (a directory)");
    }

    @Test
    void shouldTakeAFileOfKnownSettingsWithListsAndOtherLibrariesSettings() throws Exception
    {
        final File file = write("""
            hotpath {
              journal { dir = /data/journal, durability = sync }
              routing.tenants = [ { tenant = 42, file = "routing-42.conf" } ]
              quotas.tenants = [ { tenant = 42, rate = 100, burst = 100, in-flight = 10 } ]
            }
            pekko.loglevel = WARNING
            """);

        final Config config = EngineOptions.layered(Map.of(), file, Map.of());

        assertThat(config.getString("hotpath.journal.durability")).isEqualTo("sync");
        assertThat(config.getString("pekko.loglevel")).isEqualTo("WARNING");
    }

    @Test
    void shouldRefuseARingSlotTooSmallForTheLargestDataCommand()
    {
        final Config config = ConfigFactory.parseMap(Map.of("hotpath.ring.max-command-bytes", 1024)).withFallback(ConfigFactory.load());

        assertThatThrownBy(() -> EngineSettings.from(config))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("hotpath.ring.max-command-bytes must be at least " + EngineSettings.LARGEST_DATA_COMMAND
                + ", the largest data command (a market data batch of 64 events): 1024");
        assertThat(EngineSettings.LARGEST_DATA_COMMAND).as("the default slot holds it").isLessThanOrEqualTo(2048);
    }

    @Test
    void shouldTakeEveryWaitStrategyByItsConfigName()
    {
        for (final WaitStrategyKind kind : WaitStrategyKind.values())
        {
            final String name = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
            final Config config = ConfigFactory.parseMap(Map.of("hotpath.ring.wait-strategy", name)).withFallback(ConfigFactory.load());

            assertThat(EngineSettings.from(config).shardContext(0).waitStrategy()).as(name).isEqualTo(kind);
        }
    }

    @Test
    void shouldPickTheWaitStrategyFromTheHostByDefault()
    {
        final Config config = ConfigFactory.load();

        assertThat(config.getString("hotpath.ring.wait-strategy")).isEqualTo("auto");
        assertThat(EngineSettings.from(config).shardContext(0).waitStrategy())
            .isEqualTo(WaitStrategyKind.forHost(Runtime.getRuntime().availableProcessors()));
    }

    private File write(final String text) throws Exception
    {
        final Path file = dir.resolve("hotpath.conf");
        Files.writeString(file, text);
        return file.toFile();
    }
}
