package io.hotpath.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that a test can cut: while cut, it closes every connection through it and every new one at
 * once, as a partition does to a node's peers. Written here because the fault-injecting proxies (toxiproxy) are separate
 * binaries, and blocking sockets with two threads a connection are all a test on loopback needs.
 */
final class TcpProxy implements AutoCloseable
{
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private volatile boolean closed;

    TcpProxy(final int port, final InetSocketAddress target) throws IOException
    {
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        final Thread acceptor = new Thread(this::accept, "tcp-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port()
    {
        return server.getLocalPort();
    }

    /**
     * Closes every connection through the proxy, and each new one, until {@link #heal()}.
     */
    void cut()
    {
        cut = true;
        for (final Socket socket : open)
        {
            closeQuietly(socket);
        }
        open.clear();
    }

    void heal()
    {
        cut = false;
    }

    @Override
    public void close()
    {
        closed = true;
        cut();
        closeQuietly(server);
    }

    private void accept()
    {
        while (!closed)
        {
            try
            {
                final Socket client = server.accept();
                if (cut)
                {
                    closeQuietly(client);
                    continue;
                }
                final Socket upstream = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            }
            catch (final IOException ex)
            {
                if (closed)
                {
                    return;
                }
            }
        }
    }

    private void pump(final Socket from, final Socket to)
    {
        final Thread thread = new Thread(() ->
        {
            final byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
            {
                for (int read = in.read(buffer); read >= 0 && !cut; read = in.read(buffer))
                {
                    out.write(buffer, 0, read);
                }
            }
            catch (final IOException ex)
            {
                // The other side, or a cut, closed it.
            }
            finally
            {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        try
        {
            closeable.close();
        }
        catch (final Exception ex)
        {
            // Closing is all that is wanted.
        }
    }
}
