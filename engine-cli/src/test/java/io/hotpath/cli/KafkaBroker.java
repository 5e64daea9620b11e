package io.hotpath.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) in a JVM of its own, from the Kafka
 * artifacts on the test class path: formatted, started, and frozen and thawed as an outage would.
 *
 * <p>It is formatted with transactions v1: on v2 (Kafka 4.4's default) a broker frozen while a transaction's commit was in
 * flight left it unresolved for minutes in about one run in three, and the exporter, which reads its position with
 * {@code read_committed}, waited that long. The README says so to operators.
 */
final class KafkaBroker implements AutoCloseable
{
    private final Path dir;
    private final Path properties;
    private final int port;
    private Process process;

    private KafkaBroker(final Path dir, final int port, final Path properties)
    {
        this.dir = dir;
        this.port = port;
        this.properties = properties;
    }

    static KafkaBroker start(final Path dir) throws Exception
    {
        Files.createDirectories(dir);
        final int port = freePort();
        final int controllerPort = freePort();
        final Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", dir.resolve("data").toString());
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "2");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "2");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("auto.create.topics.enable", "false");
        config.put("log.flush.interval.messages", "9223372036854775807");
        final Path properties = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(properties, StandardCharsets.UTF_8))
        {
            config.store(out, "test broker");
        }
        final Process format = java(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", properties.toString(),
            "--standalone", "--feature", "transaction.version=1"), dir.resolve("format.log"));
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0)
        {
            throw new IllegalStateException("kafka-storage format failed:\n" + Files.readString(dir.resolve("format.log")));
        }
        final KafkaBroker broker = new KafkaBroker(dir, port, properties);
        broker.startAgain();
        return broker;
    }

    /**
     * Starts the broker and waits until it answers.
     */
    private void startAgain() throws Exception
    {
        process = java(List.of("kafka.Kafka", properties.toString()), dir.resolve("broker.log"));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true)
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException("the broker ended:\n" + Files.readString(dir.resolve("broker.log")));
            }
            if (answers())
            {
                return;
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the broker did not answer in 120 s:\n" + Files.readString(dir.resolve("broker.log")));
            }
            Thread.sleep(200);
        }
    }

    private boolean answers()
    {
        try (Socket probe = new Socket())
        {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        }
        catch (final IOException ex)
        {
            return false;
        }
        final Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin client = Admin.create(admin))
        {
            return !client.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        }
        catch (final Exception ex)
        {
            return false;
        }
    }

    /**
     * Freezes the broker (SIGSTOP): its connections stay open and nothing answers, as in a long pause or a partition.
     */
    void freeze() throws IOException, InterruptedException
    {
        signal("STOP");
    }

    /**
     * Lets a frozen broker go on (SIGCONT).
     */
    void thaw() throws IOException, InterruptedException
    {
        signal("CONT");
    }

    private void signal(final String name) throws IOException, InterruptedException
    {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    String bootstrapServers()
    {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close()
    {
        if (process != null && process.isAlive())
        {
            process.destroyForcibly();
        }
    }

    private static Process java(final List<String> mainAndArguments, final Path log) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-opens") || argument.startsWith("--add-exports"))
            {
                command.add(argument);
            }
        }
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArguments);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * @return a fresh cluster id. Kafka's own generator is used because it never returns an id with a '-' in it: the
     * storage tool's argument parser reads a value starting with '-' as an option, which failed one format in 64 when
     * the id was made here from a random UUID.
     */
    private static String clusterId()
    {
        return Uuid.randomUuid().toString();
    }

    static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
