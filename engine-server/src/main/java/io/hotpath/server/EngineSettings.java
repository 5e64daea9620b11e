package io.hotpath.server;

import com.typesafe.config.Config;
import io.hotpath.core.control.ShardTimers;
import io.hotpath.core.logic.IdempotencyLimits;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.PublishMarketDataEncoder;
import io.hotpath.core.shard.ShardContext;
import io.hotpath.core.shard.ShardThreading;
import io.hotpath.core.shard.WaitStrategyKind;
import io.hotpath.fraud.FraudLimits;
import io.hotpath.gateway.AdminSettings;
import io.hotpath.gateway.BinarySettings;
import io.hotpath.gateway.GrpcLimits;
import io.hotpath.gateway.TlsSettings;
import io.hotpath.gateway.auth.AuthSettings;
import io.hotpath.journal.Durability;
import io.hotpath.pricing.MarketDataCommand;
import io.hotpath.pricing.PricingLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Everything the engine needs to start, read from the {@code hotpath} block of a Typesafe config.
 *
 * @param host              address the gRPC front binds.
 * @param port              its port; 0 picks a free one.
 * @param grpcLimits        what one gRPC client may ask of the front: message and header sizes, calls, pings, resets.
 * @param admin             the HTTP admin endpoint.
 * @param auth              who may call, and each tenant's quota.
 * @param tls               TLS on the fronts, and mutual TLS.
 * @param binary            the binary front.
 * @param journal           the journals: where, how durable, how they roll, snapshot and are trimmed.
 * @param shards            number of shards.
 * @param ringSize          slots per ring.
 * @param waitStrategy      how shard threads wait.
 * @param threading         a thread per stage of a shard, or one for all of them.
 * @param maxCommandBytes   largest command.
 * @param maxResultBytes    largest result.
 * @param maxTenants        tenants per shard, per config domain.
 * @param shutdownGrace     how long shutdown waits for in-flight calls.
 * @param tickInterval      how often each shard gets a {@code Tick}; zero for never.
 * @param maxPriceStreams   price streams the engine serves at once.
 * @param pricingLimits     pricing state each shard holds.
 * @param fraudLimits       fraud state each shard holds: velocity keys and labels.
 * @param idempotencyLimits how long and how much each shard remembers of commands sent with an idempotency key.
 */
public record EngineSettings(
    String host,
    int port,
    GrpcLimits grpcLimits,
    AdminSettings admin,
    AuthSettings auth,
    TlsSettings tls,
    BinarySettings binary,
    JournalSettings journal,
    int shards,
    int ringSize,
    WaitStrategyKind waitStrategy,
    ShardThreading threading,
    int maxCommandBytes,
    int maxResultBytes,
    int maxTenants,
    Duration shutdownGrace,
    Duration tickInterval,
    int maxPriceStreams,
    PricingLimits pricingLimits,
    FraudLimits fraudLimits,
    IdempotencyLimits idempotencyLimits)
{
    /**
     * The largest data command the fronts encode: a market data batch of its most events. Every other
     * data command is smaller by its fields' bounds (a payment with every metadata pair is 384 bytes).
     */
    public static final int LARGEST_DATA_COMMAND = MessageHeaderEncoder.ENCODED_LENGTH + PublishMarketDataEncoder.BLOCK_LENGTH
        + PublishMarketDataEncoder.EventsEncoder.HEADER_SIZE
        + MarketDataCommand.MAX_EVENTS * PublishMarketDataEncoder.EventsEncoder.sbeBlockLength();

    public EngineSettings
    {
        if (shards < 1 || shards > 1024)
        {
            throw new IllegalArgumentException("hotpath.shards must be in [1, 1024]: " + shards);
        }
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("hotpath.grpc.port must be in [0, 65535]: " + port);
        }
        if (!auth.required() && (!isLoopback(host) || binary.enabled() && !isLoopback(binary.host())))
        {
            throw new IllegalArgumentException("a front is bound to an address reachable from other hosts (hotpath.grpc.host " + host
                + ", hotpath.binary.host " + binary.host() + "): set hotpath.auth.mode = required (API keys or JWT), or bind loopback");
        }
        if (maxTenants < 1)
        {
            throw new IllegalArgumentException("hotpath.max-tenants-per-shard must be >= 1: " + maxTenants);
        }
        if (tickInterval.isNegative() || (!tickInterval.isZero() && tickInterval.toMillis() < 10))
        {
            throw new IllegalArgumentException("hotpath.tick-interval must be 0 (off) or at least 10ms: " + tickInterval);
        }
        if (maxPriceStreams < 1)
        {
            throw new IllegalArgumentException("hotpath.pricing.max-streams must be >= 1: " + maxPriceStreams);
        }
        if (maxCommandBytes < LARGEST_DATA_COMMAND)
        {
            throw new IllegalArgumentException("hotpath.ring.max-command-bytes must be at least " + LARGEST_DATA_COMMAND
                + ", the largest data command (a market data batch of " + MarketDataCommand.MAX_EVENTS + " events): " + maxCommandBytes);
        }
        new ShardContext(0, ringSize, maxCommandBytes, maxResultBytes, waitStrategy, threading);
    }

    public static EngineSettings from(final Config root)
    {
        final Config config = root.getConfig("hotpath");
        return new EngineSettings(
            config.getString("grpc.host"),
            config.getInt("grpc.port"),
            GrpcLimits.from(config.getConfig("grpc")),
            AdminSettings.from(config.getConfig("admin")),
            AuthSettings.from(config.getConfig("auth"), config.getConfig("quotas")),
            TlsSettings.from(config.getConfig("tls")),
            BinarySettings.from(config.getConfig("binary")),
            JournalSettings.from(config.getConfig("journal")),
            config.getInt("shards"),
            config.getInt("ring.size"),
            waitStrategy(config),
            threading(config),
            config.getBytes("ring.max-command-bytes").intValue(),
            config.getBytes("ring.max-result-bytes").intValue(),
            config.getInt("max-tenants-per-shard"),
            config.getDuration("shutdown-grace"),
            config.getDuration("tick-interval"),
            config.getInt("pricing.max-streams"),
            new PricingLimits(
                config.getInt("pricing.limits.sku-signals"),
                config.getInt("pricing.limits.fx-rates"),
                config.getInt("pricing.limits.quotes"),
                config.getInt("pricing.limits.watches"),
                config.getInt("pricing.limits.skus-per-stream")),
            new FraudLimits(
                config.getInt("fraud.limits.velocity-keys"),
                config.getInt("fraud.limits.labels")),
            new IdempotencyLimits(
                config.getDuration("idempotency.window").toNanos(),
                config.getInt("idempotency.max-entries"),
                config.getBytes("idempotency.max-bytes").intValue()));
    }

    /**
     * @return what each shard's controller publishes on a timer.
     */
    public ShardTimers shardTimers()
    {
        return new ShardTimers(tickInterval, journal.snapshotInterval());
    }

    /**
     * @return root of the shards' journals.
     */
    public Path journalDir()
    {
        return journal.dir();
    }

    /**
     * @return what a reply promises about its command's journal entry.
     */
    public Durability durability()
    {
        return journal.durability();
    }

    public ShardContext shardContext(final int shardId)
    {
        return new ShardContext(shardId, ringSize, maxCommandBytes, maxResultBytes, waitStrategy, threading);
    }

    private static boolean isLoopback(final String host)
    {
        try
        {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("hotpath.grpc.host: unknown host " + host, ex);
        }
    }

    /**
     * @return {@code hotpath.ring.threading}; {@code auto} picks from the host's cores ({@link ShardThreading#forHost}).
     */
    private static ShardThreading threading(final Config config)
    {
        return enumOrForHost(ShardThreading.class, config, "ring.threading", ShardThreading::forHost);
    }

    /**
     * @return {@code hotpath.ring.wait-strategy}; {@code auto} picks from the host's cores ({@link WaitStrategyKind#forHost}).
     */
    private static WaitStrategyKind waitStrategy(final Config config)
    {
        return enumOrForHost(WaitStrategyKind.class, config, "ring.wait-strategy", WaitStrategyKind::forHost);
    }

    private static <E extends Enum<E>> E enumOrForHost(final Class<E> type, final Config config, final String path,
        final IntFunction<E> forHost)
    {
        return "auto".equals(config.getString(path).trim())
            ? forHost.apply(Runtime.getRuntime().availableProcessors())
            : enumValue(type, config, path);
    }

    static <E extends Enum<E>> E enumValue(final Class<E> type, final Config config, final String path)
    {
        final String value = config.getString(path);
        try
        {
            return Enum.valueOf(type, value.trim().replace('-', '_').toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("hotpath." + path + " has no value '" + value + "'", ex);
        }
    }
}
