package io.hotpath.server;

import com.typesafe.config.Config;
import io.hotpath.core.control.ControlReply;
import io.hotpath.core.control.EngineGuardian;
import io.hotpath.core.control.ShardDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants' config files named in {@code hotpath.routing.tenants}, {@code hotpath.fraud.tenants}
 * and {@code hotpath.pricing.tenants}, applied through the control path so they are journaled like
 * any later change.
 *
 * <p>Applied at every start: a file the engine already holds (the same version, the same bytes) is
 * answered as applied and changes nothing, so an engine restarts on its own journal with the same
 * files. A single engine applies them all before it serves and refuses to start on one refused. A
 * cluster node does not know at start which shards it will run: it applies a shard's files each time
 * that shard starts on it, and logs a refusal, since the shard runs whatever the file says.
 */
final class StartupConfigs
{
    private static final Logger LOG = LoggerFactory.getLogger(StartupConfigs.class);

    private final List<TenantConfigFile> files;
    private final Duration timeout;

    StartupConfigs(final Config config, final Duration timeout)
    {
        this.files = TenantConfigFile.list(config);
        this.timeout = timeout;
    }

    /**
     * Applies every file, one after the other, waiting for each.
     *
     * @throws IllegalArgumentException naming the first file refused and why.
     */
    void applyAll(final ActorSystem<EngineGuardian.Command> system)
    {
        for (final TenantConfigFile file : files)
        {
            final ControlReply reply = apply(system, file).toCompletableFuture().join();
            if (!reply.applied())
            {
                throw new IllegalArgumentException(refusal(file, reply));
            }
            logApplied(file, reply);
        }
    }

    /**
     * Applies the files of the tenants that shard {@code shardId} holds, without waiting.
     */
    void applyTo(final ActorSystem<EngineGuardian.Command> system, final ShardDirectory directory, final int shardId)
    {
        for (final TenantConfigFile file : files)
        {
            if (directory.shardIdOf(file.tenantId()) == shardId)
            {
                apply(system, file).whenComplete((reply, failure) ->
                {
                    if (failure != null)
                    {
                        LOG.error("{} on shard {}: no answer ({})", describe(file), shardId, failure.toString());
                    }
                    else if (reply.applied())
                    {
                        logApplied(file, reply);
                    }
                    else
                    {
                        LOG.error("{} on shard {}", refusal(file, reply), shardId);
                    }
                });
            }
        }
    }

    private CompletionStage<ControlReply> apply(final ActorSystem<EngineGuardian.Command> system, final TenantConfigFile file)
    {
        return AskPattern.ask(system, replyTo -> new EngineGuardian.TenantControl(file.command(), replyTo), timeout, system.scheduler());
    }

    private static void logApplied(final TenantConfigFile file, final ControlReply reply)
    {
        LOG.info("{} in force (hash {})", describe(file), Long.toHexString(reply.hash()));
    }

    private static String refusal(final TenantConfigFile file, final ControlReply reply)
    {
        final String why = reply.detail().startsWith("version: ")
            ? reply.detail() + "; raise the version in " + file.path().getFileName()
            : reply.detail();
        return domain(file) + " config of tenant " + file.tenantId() + " rejected: " + why;
    }

    private static String describe(final TenantConfigFile file)
    {
        return "tenant " + file.tenantId() + " " + domain(file) + " config " + file.path() + " (version " + file.version() + ")";
    }

    private static String domain(final TenantConfigFile file)
    {
        return file.domain().name().toLowerCase(Locale.ROOT);
    }
}
