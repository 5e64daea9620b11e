package io.hotpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import io.hotpath.server.ClusterSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest
{
    @Test
    void shouldMakeANodeOfAClusterFromItsFlags()
    {
        final ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--port", "50061", "--cluster-port", "25530", "--seed", "10.0.0.1:25530,10.0.0.2:25530",
            "--min-nodes", "3", "--replication-port", "25540", "--replication-factor", "2");
        final ClusterSettings cluster = ClusterSettings.from(serve.config());

        assertThat(cluster.enabled()).isTrue();
        assertThat(cluster.port()).isEqualTo(25530);
        assertThat(cluster.seedNodes()).containsExactly("10.0.0.1:25530", "10.0.0.2:25530");
        assertThat(cluster.minNodes()).isEqualTo(3);
        assertThat(cluster.grpcAddress()).isEqualTo("127.0.0.1:50061");
        assertThat(cluster.replication().factor()).isEqualTo(2);
        assertThat(cluster.replication().policy().minAcks()).isEqualTo(1);
        assertThat(cluster.replication().port()).isEqualTo(25540);
        final Config pekko = cluster.applyTo(serve.config(), "127.0.0.1:25540");
        assertThat(pekko.getString("pekko.actor.provider")).isEqualTo("cluster");
        assertThat(pekko.getStringList("pekko.cluster.seed-nodes"))
            .containsExactly("pekko://hotpath@10.0.0.1:25530", "pekko://hotpath@10.0.0.2:25530");
        assertThat(pekko.getString("pekko.cluster.split-brain-resolver.active-strategy")).isEqualTo("keep-majority");
        assertThat(pekko.getStringList("pekko.cluster.roles")).isEqualTo(List.of("grpc=127.0.0.1:50061", "repl=127.0.0.1:25540"));
    }

    @Test
    void shouldRunEveryShardItselfWithoutThem()
    {
        final ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs("--port", "50061");
        assertThat(ClusterSettings.from(serve.config()).enabled()).isFalse();
        assertThat(ClusterSettings.from(serve.config()).applyTo(serve.config(), "127.0.0.1:1").getString("pekko.actor.provider"))
            .isNotEqualTo("cluster");
    }
}
