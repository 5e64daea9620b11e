package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.shard.Shard;
import io.hotpath.gateway.TlsSettings;
import io.hotpath.workload.MixedWorkload;
import io.netty.handler.ssl.ClientAuth;
import java.nio.file.Path;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replication over the engine's TLS: nodes with certificates from the cluster's authority replicate to each other; a
 * follower whose certificate another authority signed never gets the stream.
 */
@Timeout(120)
class ReplicaTlsTest
{
    @TempDir
    static Path certificates;
    private static TlsSettings nodeA;
    private static TlsSettings nodeB;
    private static TlsSettings stranger;

    @TempDir
    Path dir;

    @BeforeAll
    static void issueCertificates() throws Exception
    {
        final TestCertificates.Issued authority = TestCertificates.authority(certificates, "ca", "CN=Hotpath Cluster CA");
        final TestCertificates.Issued a = TestCertificates.issue(certificates, "a", "CN=node-a", authority, true);
        final TestCertificates.Issued b = TestCertificates.issue(certificates, "b", "CN=node-b", authority, true);
        final TestCertificates.Issued rogueAuthority = TestCertificates.authority(certificates, "rogue", "CN=Hotpath Cluster CA");
        final TestCertificates.Issued rogue = TestCertificates.issue(certificates, "rogue-node", "CN=node-c", rogueAuthority, true);
        nodeA = new TlsSettings(true, a.certificate(), a.key(), ClientAuth.NONE, authority.certificate());
        nodeB = new TlsSettings(true, b.certificate(), b.key(), ClientAuth.NONE, authority.certificate());
        stranger = new TlsSettings(true, rogue.certificate(), rogue.key(), ClientAuth.NONE, rogueAuthority.certificate());
    }

    @Test
    void shouldReplicateBetweenNodesOfOneAuthority() throws Exception
    {
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        try (ReplicatedShards leaderNode = ReplicaHosts.host(dir.resolve("a"), 1, clock, "a", nodeA);
             ReplicatedShards followerNode = ReplicaHosts.host(dir.resolve("b"), 1, clock, "b", nodeB))
        {
            final Shard shard = ReplicaHosts.leadWithFollower(leaderNode, followerNode, clock, true);
            ReplicaHosts.send(shard, new MixedWorkload(3, 4, clock.nanoTime()), 200);
            assertThat(followerNode.follower(0).holding().lastSequence()).as("acknowledged, so held by the follower").isEqualTo(201);
            shard.close();
        }
    }

    @Test
    void shouldNotReplicateToANodeOfAnotherAuthority() throws Exception
    {
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        try (ReplicatedShards leaderNode = ReplicaHosts.host(dir.resolve("a"), 1, clock, "a", nodeA);
             ReplicatedShards rogueNode = ReplicaHosts.host(dir.resolve("c"), 1, clock, "c", stranger))
        {
            final Shard shard = ReplicaHosts.leadWithFollower(leaderNode, rogueNode, clock, false);
            Thread.sleep(3_000);
            assertThat(leaderNode.leader(0).liveFollowers()).as("no TLS handshake, no follower").isZero();
            assertThat(rogueNode.follower(0).holding().lastSequence()).isZero();
            assertThat(shard.tryPublish(buffer -> 0, event -> { })).as("the shard refuses without a follower")
                .isEqualTo(Shard.UNREPLICATED);
            shard.close();
        }
    }
}
