package io.hotpath.gateway;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code hotpath.binary} block: the binary front, off unless a port is given.
 *
 * @param host             address it binds.
 * @param port             its port; 0 picks a free one; -1 turns it off.
 * @param ioThreads        event loop threads.
 * @param maxFrameBytes    largest frame a client may send.
 * @param maxInFlight      commands one connection may have unanswered; more are refused OVERLOADED.
 * @param handshakeTimeout how long a connection may take to say Hello.
 */
public record BinarySettings(String host, int port, int ioThreads, int maxFrameBytes, int maxInFlight, Duration handshakeTimeout)
{
    public BinarySettings
    {
        if (port < -1 || port > 65535 || ioThreads < 1 || maxFrameBytes < 64 || maxInFlight < 1)
        {
            throw new IllegalArgumentException("hotpath.binary: port -1 (off) or in [0, 65535], io-threads >= 1, max-frame-bytes >= 64, "
                + "max-in-flight-per-connection >= 1");
        }
    }

    public static BinarySettings from(final Config binary)
    {
        return new BinarySettings(binary.getString("host"), binary.getInt("port"), binary.getInt("io-threads"),
            binary.getBytes("max-frame-bytes").intValue(), binary.getInt("max-in-flight-per-connection"),
            binary.getDuration("handshake-timeout"));
    }

    public boolean enabled()
    {
        return port >= 0;
    }
}
