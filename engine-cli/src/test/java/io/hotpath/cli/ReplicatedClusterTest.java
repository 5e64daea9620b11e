package io.hotpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.hotpath.core.control.HashShardPlacement;
import io.hotpath.core.logic.PingCommand;
import io.hotpath.core.sbe.DecidePaymentDecoder;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.gateway.binary.client.HotpathClient;
import io.hotpath.gateway.binary.client.Reply;
import io.hotpath.gateway.grpc.FrontInterceptor;
import io.hotpath.gateway.grpc.GrpcStatuses;
import io.hotpath.gateway.v1.ConfigDomain;
import io.hotpath.gateway.v1.ControlGrpc;
import io.hotpath.gateway.v1.ControlReply;
import io.hotpath.gateway.v1.PaymentsGrpc;
import io.hotpath.gateway.v1.TakeSnapshotRequest;
import io.hotpath.journal.CommandCursor;
import io.hotpath.journal.JournalDescriptor;
import io.hotpath.journal.JournalReader;
import io.hotpath.server.DeployedQueries;
import io.hotpath.server.ExampleConfigs;
import io.hotpath.server.PaymentsGrpcTest;
import io.hotpath.server.TestEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three engine processes on loopback form a cluster of replicated shards, each node with a journal directory of its own:
 * six shards, each led by one node and followed, hot, by the others. Payments go to tenants on every shard through
 * whichever node a call reaches first, following the leader the node names, each under an idempotency key of its own.
 * Each test breaks the cluster one way (a leader killed, a leader paused and resumed, a follower killed, the leader cut
 * from its followers) and checks that no acknowledged payment is lost or applied twice and that no shard ever has two
 * leaders that answer. The figures it prints are recorded in docs/cluster.md.
 */
@Timeout(300)
class ReplicatedClusterTest
{
    private static final int SHARDS = 6;
    private static final int TENANTS_PER_SHARD = 2;
    private static final long BOUND_MILLIS = 60_000;
    private static final Pattern LEADING =
        Pattern.compile("shard (\\d+): leading in epoch (\\d+) from engine sequence (\\d+) with state hash ([0-9a-f]+)");

    /** Kept when the test fails: the nodes' logs and journals are there. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final List<Node> everyNode = new CopyOnWriteArrayList<>();
    private final List<TcpProxy> proxies = new CopyOnWriteArrayList<>();
    private final Map<Integer, Node> owners = new ConcurrentHashMap<>();
    private final HashShardPlacement placement = new HashShardPlacement(SHARDS);
    /** Acknowledged payments: id to tenant. */
    private final Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
    private final Map<Long, Long> lastAcknowledged = new ConcurrentHashMap<>();
    /** Calls refused or cut, then sent again, by shard. */
    private final Map<Integer, AtomicLong> retries = new ConcurrentHashMap<>();
    private final AtomicLong nextPaymentId = new AtomicLong(1);

    @AfterEach
    void stopNodes()
    {
        for (final Node node : everyNode)
        {
            node.kill();
        }
        for (final TcpProxy proxy : proxies)
        {
            proxy.close();
        }
    }

    /**
     * Test 1, and test 3 for factor 3: the leader of two shards (one quiet after a snapshot, one under load) is killed with
     * SIGKILL while payments flow to every shard. Its shards answer again from promoted followers; the quiet one from the
     * state the dead leader reported; the shards it only followed keep answering throughout.
     */
    @Test
    void shouldPromoteAHotFollowerWhenALeaderIsKilledAndLoseNoAcknowledgedPayment() throws Exception
    {
        startCluster(3, false);
        final List<Long> tenants = configureAndWarm();

        final int quiet = placement.shardOf(tenants.get(0));
        final Node victim = owners.get(quiet);
        final ControlReply snapshot =
            victim.control().takeSnapshot(TakeSnapshotRequest.newBuilder().setShardId(quiet).setSnapshotId(1).build());
        // A leader with live followers leaves its snapshots to them: they report the one just taken, it reports none.
        final Pattern snapshotTime =
            Pattern.compile("hotpath_snapshot_last_success_timestamp_seconds\\{shard=\"" + quiet + "\"} 1\\.[0-9]+E9");
        final long snapshotDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (nodes.stream().filter(node -> node != victim).anyMatch(node -> !snapshotTime.matcher(node.http("/metrics")).find()))
        {
            assertThat(System.nanoTime()).as("the followers report the snapshot they stored").isLessThan(snapshotDeadline);
            sleep(200);
        }
        assertThat(victim.http("/metrics")).doesNotContain("hotpath_snapshot_last_success_timestamp_seconds{shard=\"" + quiet + "\"}");
        final List<Integer> victimShards = shardsLedBy(victim);
        final List<Long> loaded = tenants.stream().filter(tenant -> placement.shardOf(tenant) != quiet).toList();
        final Load load = new Load(loaded);
        sleep(2_000);

        final LocalTime killedAt = LocalTime.now();
        final long killed = System.nanoTime();
        retries.clear();
        victim.kill();
        nodes.remove(victim);
        owners.values().removeIf(owner -> owner == victim);

        decide(tenants.get(0), BOUND_MILLIS);
        long slowest = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        for (final long tenant : loaded)
        {
            if (victimShards.contains(placement.shardOf(tenant)))
            {
                while (lastAcknowledged.getOrDefault(tenant, 0L) < killed)
                {
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed)).as("failover time").isLessThan(BOUND_MILLIS);
                    sleep(20);
                }
                slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(lastAcknowledged.get(tenant) - killed));
            }
        }
        System.out.printf("replicated cluster: the killed leader's shards %s answer again %d ms after SIGKILL%n", victimShards, slowest);
        printTimeline(killedAt);
        sleep(2_000);
        load.stop();

        final long followedOnly = retriesOutside(victimShards);
        System.out.printf("replicated cluster, factor 3: shards the killed node only followed retried %d calls during the failover "
            + "(min-acks 1 of 2 followers)%n", followedOnly);
        assertThat(followedOnly).as("with factor 3, a shard that loses one follower still acknowledges").isZero();

        final Map<Integer, String> leading = leadingLines(nodes);
        assertThat(leading.get(quiet)).as("the quiet shard's new leader starts from the state the dead leader reported")
            .startsWith(snapshot.getEngineSequence() + " " + Long.toHexString(snapshot.getHash()));
        assertTheBinaryFrontNamesTheLeader(tenants.get(0));
        final Node promoted = owners.get(quiet);
        assertThat(promoted.http("/metrics")).as("the new leader's metrics")
            .contains("hotpath_replica_role{shard=\"" + quiet + "\"} 2.0")
            .contains("hotpath_replica_epoch{shard=\"" + quiet + "\"} 2.0")
            .contains("hotpath_replica_live_followers{shard=\"" + quiet + "\"} 1.0")
            // The stage latency of the shards it led before this one (the monitor reads the shards every few seconds).
            .containsPattern("hotpath_stage_latency_seconds_count\\{shard=\"\\d+\",stage=\"replication\"} [1-9]");
        assertThat(DeployedQueries.assertServed(promoted.http("/metrics"), name -> name.startsWith("hotpath_replica_")))
            .as("the replication metrics the alerts and the dashboard read").contains("hotpath_replica_follower_lag_commands",
                "hotpath_replica_follower_lag_seconds", "hotpath_replica_role");
        measureTheCostOfBeingSentToTheLeader(tenants.get(0));
        assertEveryAcknowledgedPaymentJournaledAndAppliedOnce();
        assertOneLeaderPerEpoch();
    }

    /**
     * Test 2: a leader paused (SIGSTOP) longer than failure detection allows; a follower is promoted; the leader resumes
     * (SIGCONT) and answers nothing; the cluster has removed it, so it ends (exit 75); started again on its own journal, it
     * rejoins as a follower, its diverged tail set aside, and its copy matches the new leader's.
     */
    @Test
    void shouldFenceAPausedLeaderThatComesBackAndRejoinItAsAFollower() throws Exception
    {
        startCluster(3, false);
        final List<Long> tenants = configureAndWarm();
        final long tenant = tenants.get(0);
        final int shard = placement.shardOf(tenant);
        final Node zombie = owners.get(shard);

        signal(zombie, "STOP");
        nodes.remove(zombie);
        owners.values().removeIf(owner -> owner == zombie);
        final long paused = System.nanoTime();
        decide(tenant, BOUND_MILLIS);
        final Node newLeader = owners.get(shard);
        System.out.printf("replicated cluster: a paused leader's shard %d answers again from %s %d ms after SIGSTOP%n", shard,
            newLeader.grpcAddress(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - paused));
        assertThat(newLeader).isNotSameAs(zombie);
        for (int i = 0; i < 20; i++)
        {
            decide(tenant, BOUND_MILLIS);
        }

        signal(zombie, "CONT");
        final List<Long> sentToZombie = new ArrayList<>();
        final Set<Status.Code> zombieAnswers = new HashSet<>();
        for (int i = 0; i < 40 && zombie.process.isAlive(); i++)
        {
            final long paymentId = nextPaymentId.getAndIncrement();
            sentToZombie.add(paymentId);
            try
            {
                decideAt(zombie, tenant, paymentId, 3);
                zombieAnswers.add(Status.Code.OK);
            }
            catch (final StatusRuntimeException ex)
            {
                zombieAnswers.add(ex.getStatus().getCode());
            }
        }
        System.out.printf("replicated cluster: the resumed leader answered %d calls with %s%n", sentToZombie.size(), zombieAnswers);
        assertThat(zombieAnswers).as("a fenced leader answers nothing as a success").doesNotContain(Status.Code.OK);
        assertThat(zombie.process.waitFor(BOUND_MILLIS, TimeUnit.MILLISECONDS)).as("the removed node ended").isTrue();
        assertThat(zombie.process.exitValue()).as("exit status of a node the cluster removed").isEqualTo(ExitCodes.REMOVED);

        final Node rejoined = zombie.restart();
        nodes.add(rejoined);
        awaitShardWhole(tenant, 2);
        for (int i = 0; i < 20; i++)
        {
            decide(tenant, BOUND_MILLIS);
        }
        final Node leader = awaitShardWhole(tenant, 2);
        final Path copy = JournalDescriptor.shardDir(rejoined.journalDir(), shard);
        final Path original = JournalDescriptor.shardDir(leader.journalDir(), shard);
        final long compared = assertSameCommands(copy, original);
        System.out.printf("replicated cluster: the rejoined node's copy of shard %d matches the new leader's journal over its %d "
            + "commands%n", shard, compared);
        try (Stream<Path> entries = Files.list(rejoined.journalDir()))
        {
            for (final Path aside : entries.filter(p -> p.getFileName().toString().startsWith("shard-" + shard + ".")).toList())
            {
                final Set<Long> tail = paymentsIn(aside);
                tail.retainAll(acknowledged.keySet());
                System.out.printf("replicated cluster: the former leader's copy was set aside as %s; acknowledged payments in it "
                    + "that the new leader lacks: none expected%n", aside.getFileName());
                assertThat(paymentsIn(original)).as("every acknowledged payment of the set-aside copy is in the new leader's journal")
                    .containsAll(tail);
            }
        }
        assertEveryAcknowledgedPaymentJournaledAndAppliedOnce();
        assertOneLeaderPerEpoch();
    }

    /**
     * Test 3 for factor 2: a shard's only follower is killed; its leader refuses (the default policy) until the coordinator
     * gives it the third node as a follower and that one has caught up.
     */
    @Test
    void shouldRefuseWhileAFactorTwoShardHasNoFollowerAndAnswerOnceANewOneCaughtUp() throws Exception
    {
        startCluster(2, false);
        final List<Long> tenants = configureAndWarm();
        final long tenant = tenants.get(0);
        final int shard = placement.shardOf(tenant);
        final Node leader = owners.get(shard);
        final String followerAddress = followersOf(leader, shard).get(0);
        final String followerPort = followerAddress.split(" ")[0].substring(followerAddress.indexOf(':') + 1);
        final Node follower = nodes.stream().filter(node -> followerPort.equals(Integer.toString(node.replicationPort))).findFirst()
            .orElseThrow();
        final List<Long> onShard = tenants.stream().filter(t -> placement.shardOf(t) == shard).toList();
        final Load load = new Load(onShard);
        sleep(1_000);
        retries.clear();
        final long killed = System.nanoTime();
        follower.kill();
        nodes.remove(follower);
        sleep(300);
        final long before = lastAcknowledged.getOrDefault(tenant, 0L);
        while (lastAcknowledged.getOrDefault(tenant, 0L) <= Math.max(before, killed)
            || retries.getOrDefault(shard, new AtomicLong()).get() == 0)
        {
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed)).as("answering again").isLessThan(BOUND_MILLIS);
            sleep(20);
        }
        final long answered = TimeUnit.NANOSECONDS.toMillis(lastAcknowledged.get(tenant) - killed);
        load.stop();
        System.out.printf("replicated cluster, factor 2: the only follower of shard %d killed; its leader refused %d calls and "
            + "answered again %d ms after SIGKILL, once the third node followed it%n", shard, retries.get(shard).get(), answered);
        assertThat(owners.get(shard)).as("the leader kept its shard").isSameAs(leader);
        assertEveryAcknowledgedPaymentJournaledAndAppliedOnce();
    }

    /**
     * Test 4: the replication links between one leader and its followers are cut (every follower node's replication port is
     * behind a proxy). The leader's shards stop answering (nothing is acknowledged without a follower); shards led by the
     * other nodes keep one follower and go on; once healed, everything answers and no acknowledged command is lost.
     */
    @Test
    void shouldStopAnsweringOnTheSideCutFromItsFollowersAndLoseNothing() throws Exception
    {
        startCluster(3, true);
        final List<Long> tenants = configureAndWarm();
        final long tenant = tenants.get(0);
        final int shard = placement.shardOf(tenant);
        final Node cutOff = owners.get(shard);
        final List<Integer> itsShards = shardsLedBy(cutOff);
        for (final Node node : nodes)
        {
            if (node != cutOff)
            {
                node.proxy.cut();
            }
        }
        sleep(1_500);
        int refused = 0;
        int answered = 0;
        for (int i = 0; i < 20; i++)
        {
            try
            {
                decideAt(cutOff, tenant, nextPaymentId.getAndIncrement(), 3);
                answered++;
            }
            catch (final StatusRuntimeException ex)
            {
                assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                refused++;
            }
        }
        final long otherTenant = tenants.stream().filter(t -> !itsShards.contains(placement.shardOf(t))).findFirst().orElseThrow();
        decide(otherTenant, 10_000);
        System.out.printf("replicated cluster: a leader cut from its followers refused %d of %d calls; a shard led elsewhere answered%n",
            refused, refused + answered);
        assertThat(answered).as("the side without followers answers nothing").isZero();
        for (final Node node : nodes)
        {
            node.proxy.heal();
        }
        final long healed = System.nanoTime();
        decide(tenant, BOUND_MILLIS);
        System.out.printf("replicated cluster: healed; shard %d answered again %d ms later%n", shard,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healed));
        assertEveryAcknowledgedPaymentJournaledAndAppliedOnce();
        assertOneLeaderPerEpoch();
    }

    /**
     * Prints, from the surviving nodes' logs, what happened after {@code from}: the steps a failover takes, for the docs.
     */
    private void printTimeline(final LocalTime from) throws IOException
    {
        final Pattern step = Pattern.compile("(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*(Marking node as UNREACHABLE|SBR took decision|"
            + "replica coordinator running|leads in epoch|leading in epoch|follows live|caught up at)");
        final List<String> lines = new ArrayList<>();
        for (final Node node : nodes)
        {
            for (final String line : Files.readAllLines(node.log, StandardCharsets.UTF_8))
            {
                final Matcher matcher = step.matcher(line);
                if (matcher.find() && !LocalTime.parse(matcher.group(1)).isBefore(from))
                {
                    lines.add(line.length() > 200 ? line.substring(0, 200) : line);
                }
            }
        }
        lines.sort(null);
        System.out.println("replicated cluster: failover timeline, SIGKILL at " + from);
        lines.forEach(line -> System.out.println("  " + line));
    }

    /**
     * Starts three nodes and waits until each serves. The ports are picked free before the processes start, so another
     * socket (an outgoing connection's local port) may take one first; a node that cannot listen exits, and with it the
     * cluster would never reach its three members. Then the three start again on other ports.
     */
    private void startCluster(final int factor, final boolean proxied) throws IOException
    {
        for (int attempt = 1; ; attempt++)
        {
            // Every node names every node as a seed: a seed node started again then joins the others, rather than starting a
            // cluster of its own (what the first seed of a list does when no other seed answers).
            final int[] clusterPorts = {TestEngine.freePort(), TestEngine.freePort(), TestEngine.freePort()};
            for (int i = 0; i < 3; i++)
            {
                final Node node = Node.start(i, dir.resolve("start-" + attempt), factor, clusterPorts[i], clusterPorts, proxied);
                if (node.proxy != null)
                {
                    proxies.add(node.proxy);
                }
                nodes.add(node);
                everyNode.add(node);
            }
            final Node failed = firstThatDoesNotServe();
            if (failed == null)
            {
                return;
            }
            final String log = tail(failed.log, 20);
            assertThat(attempt).as("node %d did not start:%n%s", failed.index, log).isLessThan(3);
            System.out.printf("replicated cluster: node %d did not start; starting the three again on other ports:%n%s%n",
                failed.index, log);
            stopNodes();
            nodes.clear();
            everyNode.clear();
            proxies.clear();
        }
    }

    /**
     * @return the first node whose process ended before its admin port answered, else null once all three answer.
     */
    private Node firstThatDoesNotServe()
    {
        final long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MILLIS);
        for (final Node node : nodes)
        {
            // The admin port is bound last, after the cluster, replication, gRPC and binary ports.
            while (node.http("/health/live").isEmpty())
            {
                if (!node.process.isAlive() || System.nanoTime() > giveUp)
                {
                    return node;
                }
                sleep(100);
            }
        }
        return null;
    }

    private static String tail(final Path log, final int lines)
    {
        try
        {
            final List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    private List<Long> configureAndWarm()
    {
        final List<Long> tenants = tenantsOnEveryShard();
        for (final long tenant : tenants)
        {
            for (final ConfigDomain domain : List.of(ConfigDomain.CONFIG_DOMAIN_ROUTING, ConfigDomain.CONFIG_DOMAIN_FRAUD))
            {
                call(tenant, node -> ExampleConfigs.apply(node.control(), tenant, domain), 120_000);
            }
        }
        for (int round = 0; round < 10; round++)
        {
            for (final long tenant : tenants)
            {
                decide(tenant, 30_000);
            }
        }
        return tenants;
    }

    private List<Integer> shardsLedBy(final Node node)
    {
        final List<Integer> shards = new ArrayList<>();
        owners.forEach((shard, owner) ->
        {
            if (owner == node)
            {
                shards.add(shard);
            }
        });
        return shards;
    }

    private long retriesOutside(final List<Integer> shards)
    {
        long sum = 0;
        for (final Map.Entry<Integer, AtomicLong> entry : retries.entrySet())
        {
            sum += shards.contains(entry.getKey()) ? 0 : entry.getValue().get();
        }
        return sum;
    }

    /**
     * Payments flowing to some tenants from a thread of their own, until stopped.
     */
    private final class Load
    {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Load(final List<Long> tenants)
        {
            thread = new Thread(() ->
            {
                while (running.get())
                {
                    for (final long tenant : tenants)
                    {
                        decide(tenant, BOUND_MILLIS);
                    }
                }
            }, "cluster-load");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException
        {
            running.set(false);
            thread.join(BOUND_MILLIS);
        }
    }

    /**
     * Waits until the tenant's shard is led with {@code count} followers live, starting again, as an operator would, any node
     * the cluster removed meanwhile. A resumed leader can take a healthy member with it: before it hears that it was downed,
     * it gossips the others as unreachable, and the split-brain resolver may down a member it then sees as only indirectly
     * connected. That member's shards move (a new epoch), and it ends with {@link ExitCodes#REMOVED}.
     *
     * @return the node leading the shard.
     */
    private Node awaitShardWhole(final long tenant, final int count) throws IOException
    {
        final int shard = placement.shardOf(tenant);
        final long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MILLIS * 2);
        while (true)
        {
            for (final Node removed : nodes.stream().filter(node -> !node.process.isAlive()).toList())
            {
                assertThat(removed.process.exitValue()).as("exit status of node %d", removed.index).isEqualTo(ExitCodes.REMOVED);
                System.out.printf("replicated cluster: node %d was removed by the cluster while the paused leader came back; "
                    + "started again%n", removed.index);
                owners.values().removeIf(owner -> owner == removed);
                nodes.set(nodes.indexOf(removed), removed.restart());
            }
            decide(tenant, BOUND_MILLIS);
            final Node leader = owners.get(shard);
            if (followersOf(leader, shard).stream().filter(f -> f.contains(" live")).count() >= count)
            {
                return leader;
            }
            assertThat(System.nanoTime()).as("%d followers of shard %d live", count, shard).isLessThan(giveUp);
            sleep(200);
        }
    }

    /**
     * @return the followers a leader lists for a shard on its {@code /health/ready}: "host:port live at N".
     */
    private static List<String> followersOf(final Node leader, final int shard)
    {
        final String ready = leader.ready();
        final Matcher matcher = Pattern.compile("(?:leads |; )" + shard + " \\(epoch \\d+(?:, fenced)?, followers \\[([^\\]]*)\\]\\)")
            .matcher(ready);
        if (!matcher.find() || matcher.group(1).isEmpty())
        {
            return List.of();
        }
        return Arrays.stream(matcher.group(1).split(", ")).toList();
    }

    /**
     * @return every command of {@code copy} equals the command at the same engine sequence in {@code original}; how many.
     */
    private static long assertSameCommands(final Path copy, final Path original)
    {
        try (JournalReader copyReader = JournalReader.open(copy); JournalReader originalReader = JournalReader.open(original))
        {
            final CommandCursor copied = copyReader.commands();
            final CommandCursor source = originalReader.commands();
            assertThat(source.skipTo(copyReader.firstSequence() - 1)).as("the leader's journal reaches the copy's start").isTrue();
            long compared = 0;
            while (copied.next())
            {
                assertThat(source.next()).as("the leader holds engine sequence %d", copied.sequence()).isTrue();
                assertThat(source.sequence()).isEqualTo(copied.sequence());
                final byte[] a = new byte[copied.length()];
                final byte[] b = new byte[source.length()];
                copied.command().getBytes(0, a);
                source.command().getBytes(0, b);
                assertThat(a).as("command at engine sequence %d", copied.sequence()).isEqualTo(b);
                compared++;
            }
            assertThat(compared).isPositive();
            return compared;
        }
    }

    private static Set<Long> paymentsIn(final Path shardDir)
    {
        final Set<Long> payments = new HashSet<>();
        final DecidePaymentDecoder decoder = new DecidePaymentDecoder();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        try (JournalReader reader = JournalReader.open(shardDir))
        {
            final CommandCursor commands = reader.commands();
            while (commands.next())
            {
                if (commands.templateId() == DecidePaymentDecoder.TEMPLATE_ID)
                {
                    payments.add(decoder.wrapAndApplyHeader(commands.command(), 0, header).paymentId());
                }
            }
        }
        return payments;
    }

    /**
     * Prints what a call costs when it reaches the leader at once, and when it reaches another node first and is sent on.
     * Figures for the cluster documentation, not asserted: timing belongs in benchmarks.
     */
    private void measureTheCostOfBeingSentToTheLeader(final long tenant)
    {
        final int shard = placement.shardOf(tenant);
        final Node owner = owners.get(shard);
        final Node other = nodes.stream().filter(node -> node != owner).findFirst().orElseThrow();
        final int calls = 200;
        final long[] direct = new long[calls];
        final long[] sentOn = new long[calls];
        for (int i = 0; i < calls * 2; i++)
        {
            final boolean viaOther = i % 2 == 1;
            if (viaOther)
            {
                owners.put(shard, other);
            }
            final long start = System.nanoTime();
            decide(tenant, 30_000);
            (viaOther ? sentOn : direct)[i / 2] = System.nanoTime() - start;
        }
        Arrays.sort(direct);
        Arrays.sort(sentOn);
        System.out.printf("replicated cluster: a decision sent to the leader p50 %d us, p90 %d us; sent to another node first and on "
            + "p50 %d us, p90 %d us (%d calls each, quorum acknowledged, 2 cores for 3 nodes and the client)%n",
            direct[calls / 2] / 1_000, direct[calls * 9 / 10] / 1_000, sentOn[calls / 2] / 1_000, sentOn[calls * 9 / 10] / 1_000, calls);
    }

    private void assertTheBinaryFrontNamesTheLeader(final long tenant) throws Exception
    {
        final Node owner = owners.get(placement.shardOf(tenant));
        final Node other = nodes.stream().filter(node -> node != owner).findFirst().orElseThrow();
        try (HotpathClient client = HotpathClient.connect(HotpathClient.Options.of("127.0.0.1", other.binaryPort)))
        {
            final Reply refused = client.call(new PingCommand().set(tenant, 1, 0), java.time.Duration.ofSeconds(10));
            assertThat(refused.code()).isEqualTo(ResultCode.UNAVAILABLE);
            assertThat(refused.reason()).contains("runs on the node whose gRPC front is " + owner.grpcAddress());
        }
        try (HotpathClient client = HotpathClient.connect(HotpathClient.Options.of("127.0.0.1", owner.binaryPort)))
        {
            assertThat(client.call(new PingCommand().set(tenant, 2, 0), java.time.Duration.ofSeconds(10)).code()).isEqualTo(ResultCode.OK);
        }
    }

    /**
     * @return per shard, "engine sequence state hash" of the last "leading in epoch" line of these nodes' logs.
     */
    private static Map<Integer, String> leadingLines(final List<Node> nodes) throws IOException
    {
        final Map<Integer, String> leading = new HashMap<>();
        final Map<Integer, Long> epochs = new HashMap<>();
        for (final Node node : nodes)
        {
            for (final String line : Files.readAllLines(node.log, StandardCharsets.UTF_8))
            {
                final Matcher matcher = LEADING.matcher(line);
                if (matcher.find())
                {
                    final int shard = Integer.parseInt(matcher.group(1));
                    final long epoch = Long.parseLong(matcher.group(2));
                    if (epoch > epochs.getOrDefault(shard, -1L))
                    {
                        epochs.put(shard, epoch);
                        leading.put(shard, matcher.group(3) + " " + matcher.group(4));
                    }
                }
            }
        }
        return leading;
    }

    /**
     * No epoch of a shard was led by two nodes: from every node's log, each (shard, epoch) has one leader. With the fencing
     * by epoch at the followers, that is what makes two leaders that answer impossible.
     */
    private void assertOneLeaderPerEpoch() throws IOException
    {
        final Map<String, Integer> leaders = new HashMap<>();
        for (final Node node : everyNode)
        {
            for (final String line : Files.readAllLines(node.log, StandardCharsets.UTF_8))
            {
                final Matcher matcher = LEADING.matcher(line);
                if (matcher.find())
                {
                    final Integer before = leaders.put(matcher.group(1) + "@" + matcher.group(2), node.index);
                    assertThat(before == null || before == node.index).as("shard %s epoch %s led by one node", matcher.group(1),
                        matcher.group(2)).isTrue();
                }
            }
        }
        assertThat(leaders).isNotEmpty();
    }

    /**
     * Every acknowledged payment is in its shard's journal at the node that leads it now, and at each live follower. One
     * journaled more than once was sent again after a cut call under the same idempotency key, and answered from the
     * shard's idempotency cache: applied once.
     */
    private void assertEveryAcknowledgedPaymentJournaledAndAppliedOnce()
    {
        final Map<Long, List<Long>> keys = new HashMap<>();
        final DecidePaymentDecoder decoder = new DecidePaymentDecoder();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        for (int shard = 0; shard < SHARDS; shard++)
        {
            final Node leader = owners.get(shard);
            if (leader == null)
            {
                continue;
            }
            try (JournalReader reader = JournalReader.open(JournalDescriptor.shardDir(leader.journalDir(), shard)))
            {
                final CommandCursor commands = reader.commands();
                while (commands.next())
                {
                    if (commands.templateId() == DecidePaymentDecoder.TEMPLATE_ID)
                    {
                        decoder.wrapAndApplyHeader(commands.command(), 0, header);
                        keys.computeIfAbsent(decoder.paymentId(), id -> new ArrayList<>()).add(decoder.meta().idempotencyKey());
                    }
                }
            }
        }
        assertThat(acknowledged).isNotEmpty();
        int sentAgain = 0;
        for (final Map.Entry<Long, Long> payment : acknowledged.entrySet())
        {
            if (owners.get(placement.shardOf(payment.getValue())) == null)
            {
                continue;
            }
            final List<Long> journaled = keys.get(payment.getKey());
            assertThat(journaled).as("payment %d of tenant %d journaled at its shard's leader", payment.getKey(), payment.getValue())
                .isNotEmpty();
            assertThat(journaled).as("payment %d: every copy under one idempotency key", payment.getKey())
                .allMatch(key -> key != 0 && key.equals(journaled.get(0)));
            sentAgain += journaled.size() > 1 ? 1 : 0;
        }
        System.out.printf("replicated cluster: %d payments acknowledged, all in their leaders' journals; %d of them sent again%n",
            acknowledged.size(), sentAgain);
    }

    private void decide(final long tenant, final long timeoutMillis)
    {
        final long paymentId = nextPaymentId.getAndIncrement();
        call(tenant, node -> decideAt(node, tenant, paymentId, 5), timeoutMillis);
        acknowledged.put(paymentId, tenant);
        lastAcknowledged.put(tenant, System.nanoTime());
    }

    private static Object decideAt(final Node node, final long tenant, final long paymentId, final int deadlineSeconds)
    {
        final Metadata headers = new Metadata();
        headers.put(FrontInterceptor.IDEMPOTENCY_KEY, "pay-" + paymentId);
        return PaymentsGrpc.newBlockingStub(node.channel).withDeadlineAfter(deadlineSeconds, TimeUnit.SECONDS)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .decidePayment(
                PaymentsGrpcTest.payment(paymentId, String.format("%016x", 0xC1A5_0000L + paymentId)).setTenantId(tenant).build());
    }

    /**
     * Makes a call for a tenant at the node that leads its shard, as a client of a cluster would: to the node it last heard
     * of, else to any; a node that does not lead the shard names the one that does; no leader yet, or a dead one, means
     * trying again.
     */
    private <T> T call(final long tenant, final Function<Node, T> call, final long timeoutMillis)
    {
        final int shard = placement.shardOf(tenant);
        final long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int next = 0;
        while (true)
        {
            final Node node = owners.getOrDefault(shard, nodes.get(next++ % nodes.size()));
            try
            {
                final T answer = call.apply(node);
                owners.put(shard, node);
                return answer;
            }
            catch (final StatusRuntimeException ex)
            {
                final Status.Code code = ex.getStatus().getCode();
                if (code != Status.Code.UNAVAILABLE && code != Status.Code.DEADLINE_EXCEEDED)
                {
                    throw ex;
                }
                if (System.nanoTime() > giveUp)
                {
                    // What each node last said, so that a run that fails on a machine of its own says why.
                    for (final Node each : nodes)
                    {
                        System.out.printf("replicated cluster: shard %d unanswered; node %d %s, its log ends:%n%s%n", shard, each.index,
                            each.process.isAlive() ? "runs" : "exited " + each.process.exitValue(), tail(each.log, 15));
                    }
                    throw ex;
                }
                final String owner = ex.getTrailers() == null ? null : ex.getTrailers().get(GrpcStatuses.OWNER);
                final Node named = owner == null ? null
                    : nodes.stream().filter(n -> n.grpcAddress().equals(owner)).findFirst().orElse(null);
                if (named != null)
                {
                    owners.put(shard, named);
                }
                else
                {
                    retries.computeIfAbsent(shard, s -> new AtomicLong()).incrementAndGet();
                    owners.remove(shard);
                    sleep(100);
                }
            }
        }
    }

    private List<Long> tenantsOnEveryShard()
    {
        final int[] perShard = new int[SHARDS];
        final List<Long> tenants = new ArrayList<>();
        for (long tenant = 1; tenants.size() < SHARDS * TENANTS_PER_SHARD; tenant++)
        {
            if (perShard[placement.shardOf(tenant)]++ < TENANTS_PER_SHARD)
            {
                tenants.add(tenant);
            }
        }
        return tenants;
    }

    private static void signal(final Node node, final String signal) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * One engine process: {@code EngineMain serve} with a config and a journal directory of its own, its output in a log.
     */
    private static final class Node
    {
        private final int index;
        private final Path dir;
        private final int factor;
        private final int grpcPort;
        private final int binaryPort;
        private final int adminPort;
        private final int clusterPort;
        private final int[] seedPorts;
        private final int replicationPort;
        private final TcpProxy proxy;
        private final Process process;
        private final Path log;
        private final ManagedChannel channel;

        private Node(final int index, final Path dir, final int factor, final int[] ports, final int[] seedPorts, final TcpProxy proxy,
            final Process process, final Path log)
        {
            this.index = index;
            this.dir = dir;
            this.factor = factor;
            this.grpcPort = ports[0];
            this.binaryPort = ports[1];
            this.adminPort = ports[2];
            this.clusterPort = ports[3];
            this.seedPorts = seedPorts;
            this.replicationPort = ports[5];
            this.proxy = proxy;
            this.process = process;
            this.log = log;
            this.channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        }

        static Node start(final int index, final Path dir, final int factor, final int clusterPort, final int[] seedPorts,
            final boolean proxied) throws IOException
        {
            final int[] ports = {TestEngine.freePort(), TestEngine.freePort(), TestEngine.freePort(), clusterPort, 0,
                TestEngine.freePort()};
            final TcpProxy proxy = proxied ? new TcpProxy(0, new InetSocketAddress("127.0.0.1", ports[5])) : null;
            return launch(index, dir, factor, ports, seedPorts, proxy);
        }

        /**
         * @return the same node started again: its config, ports and journal.
         */
        Node restart() throws IOException
        {
            channel.shutdownNow();
            return launch(index, dir, factor, new int[] {grpcPort, binaryPort, adminPort, clusterPort, 0, replicationPort}, seedPorts,
                proxy);
        }

        private static Node launch(final int index, final Path dir, final int factor, final int[] ports, final int[] seedPorts,
            final TcpProxy proxy) throws IOException
        {
            Files.createDirectories(dir);
            final Path config = dir.resolve("node-" + index + ".conf");
            Files.writeString(config, String.join("\n",
                "hotpath {",
                "  shards = " + SHARDS,
                "  grpc.port = " + ports[0],
                "  binary.port = " + ports[1],
                "  admin.port = " + ports[2],
                "  tick-interval = 0",
                "  ring.size = 1024",
                // Three engines of six shards (four threads each where they lead) on two cores: threads that block when
                // idle, rather than the default's spin-yield-park, leave the cores to the work.
                "  ring.wait-strategy = blocking",
                "  pricing.limits { sku-signals = 4096, quotes = 16384, watches = 1024 }",
                "  idempotency { max-entries = 4096, max-bytes = 1MiB }",
                "  journal { dir = \"" + dir.resolve("node-" + index).resolve("journal").toString().replace("\\", "/")
                    + "\", snapshot-interval = 0 }",
                "  cluster {",
                "    enabled = true",
                "    port = " + ports[3],
                "    seed-nodes = [" + Arrays.stream(seedPorts).mapToObj(port -> "\"127.0.0.1:" + port + "\"")
                    .collect(Collectors.joining(", ")) + "]",
                "    failure-detector.acceptable-heartbeat-pause = 2s",
                "    split-brain.stable-after = 3s",
                "    min-nodes = 3",
                "  }",
                "  replication {",
                "    factor = " + factor,
                "    port = " + ports[5],
                proxy == null ? "" : "    advertised-port = " + proxy.port(),
                "  }",
                "}"));
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
            {
                if (argument.startsWith("--add-"))
                {
                    command.add(argument);
                }
            }
            command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), EngineMain.class.getName(),
                "serve", "--config", config.toString()));
            final Path log = dir.resolve("node-" + index + ".log");
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new Node(index, dir, factor, ports, seedPorts, proxy, process, log);
        }

        Path journalDir()
        {
            return dir.resolve("node-" + index).resolve("journal");
        }

        String grpcAddress()
        {
            return "127.0.0.1:" + grpcPort;
        }

        ControlGrpc.ControlBlockingStub control()
        {
            return ControlGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        }

        String ready()
        {
            return http("/health/ready");
        }

        String http(final String path)
        {
            try
            {
                final URI uri = URI.create("http://127.0.0.1:" + adminPort + path);
                final HttpResponse<String> response =
                    HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                return response.body();
            }
            catch (final IOException ex)
            {
                return "";
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return "";
            }
        }

        /**
         * SIGKILL: no shutdown hook, nothing handed over.
         */
        void kill()
        {
            channel.shutdownNow();
            process.destroyForcibly();
            try
            {
                process.waitFor(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
