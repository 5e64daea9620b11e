package io.hotpath.gateway;

import com.typesafe.config.Config;
import io.grpc.netty.NettyServerBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code hotpath.grpc} limits that keep one client from taking the front from the others.
 *
 * <pre>
 *   max-inbound-message-bytes             a larger request is refused with RESOURCE_EXHAUSTED
 *   max-inbound-metadata-bytes            larger headers are refused before any service sees them
 *   max-concurrent-calls-per-connection   HTTP/2 MAX_CONCURRENT_STREAMS: a client queues calls beyond it
 *   keepalive.time, .timeout              the server pings an idle connection, and drops it if no answer comes
 *   keepalive.permit-time                 a client pinging more often than this is sent GOAWAY (ENHANCE_YOUR_CALM)
 *   max-connection-idle                   a connection without calls this long is closed; 0 for never
 *   max-rst-frames, rst-window            more stream resets than this in a window: GOAWAY (the HTTP/2 rapid reset attack)
 * </pre>
 *
 * @param maxMessageBytes        largest request.
 * @param maxMetadataBytes       largest header block.
 * @param maxCallsPerConnection  calls open at once on one connection.
 * @param keepAliveTime          how long a connection may be silent before the server pings it.
 * @param keepAliveTimeout       how long the server waits for the ping's answer.
 * @param permitKeepAliveTime    the shortest interval between a client's pings.
 * @param maxConnectionIdle      how long a connection may be without calls; zero for no limit.
 * @param maxRstFrames           stream resets allowed in a window.
 * @param rstWindow              the window.
 */
public record GrpcLimits(
    int maxMessageBytes,
    int maxMetadataBytes,
    int maxCallsPerConnection,
    Duration keepAliveTime,
    Duration keepAliveTimeout,
    Duration permitKeepAliveTime,
    Duration maxConnectionIdle,
    int maxRstFrames,
    Duration rstWindow)
{
    public GrpcLimits
    {
        if (maxMessageBytes < 1024 || maxMetadataBytes < 1024 || maxCallsPerConnection < 1 || maxRstFrames < 1
            || rstWindow.toSeconds() < 1)
        {
            throw new IllegalArgumentException("hotpath.grpc limits: messages and metadata of at least 1 KiB, at least one call per "
                + "connection, at least one reset in a window of at least 1 s");
        }
    }

    public static GrpcLimits from(final Config grpc)
    {
        return new GrpcLimits(
            grpc.getBytes("max-inbound-message-bytes").intValue(),
            grpc.getBytes("max-inbound-metadata-bytes").intValue(),
            grpc.getInt("max-concurrent-calls-per-connection"),
            grpc.getDuration("keepalive.time"),
            grpc.getDuration("keepalive.timeout"),
            grpc.getDuration("keepalive.permit-time"),
            grpc.getDuration("max-connection-idle"),
            grpc.getInt("max-rst-frames"),
            grpc.getDuration("rst-window"));
    }

    /**
     * Sets these limits on a server being built.
     */
    public NettyServerBuilder applyTo(final NettyServerBuilder builder)
    {
        builder.maxInboundMessageSize(maxMessageBytes)
            .maxInboundMetadataSize(maxMetadataBytes)
            .maxConcurrentCallsPerConnection(maxCallsPerConnection)
            .keepAliveTime(keepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
            .keepAliveTimeout(keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS)
            .permitKeepAliveTime(permitKeepAliveTime.toNanos(), TimeUnit.NANOSECONDS)
            .permitKeepAliveWithoutCalls(false)
            .maxRstFramesPerWindow(maxRstFrames, (int)rstWindow.toSeconds());
        if (!maxConnectionIdle.isZero())
        {
            builder.maxConnectionIdle(maxConnectionIdle.toNanos(), TimeUnit.NANOSECONDS);
        }
        return builder;
    }
}
