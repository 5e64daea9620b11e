package io.hotpath.core.logic;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.control.ControlCommand;
import io.hotpath.core.sbe.ApplyConfigDecoder;
import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.sbe.MessageHeaderDecoder;
import io.hotpath.core.sbe.PingDecoder;
import io.hotpath.core.shard.CommandSource;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.agrona.concurrent.UnsafeBuffer;

class CodecPropertiesTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[70_000]);

    @Property
    void shouldDecodeAPingAsItWasEncoded(@ForAll final long tenant, @ForAll final long correlation, @ForAll final long ingress)
    {
        final int length = new PingCommand().set(tenant, correlation, ingress).encodeCommand(buffer);
        final PingDecoder ping = new PingDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());

        assertThat(length).isEqualTo(PingCommand.LENGTH);
        assertThat(ping.meta().tenantId()).isEqualTo(tenant);
        assertThat(ping.meta().correlationId()).isEqualTo(correlation);
        assertThat(ping.meta().ingressTime()).isEqualTo(ingress);
    }

    @Property
    void shouldDecodeAConfigAsItWasEncodedAndAnnounceItsLength(
        @ForAll final long tenant,
        @ForAll final long version,
        @ForAll @Size(max = 60_000) final byte[] config,
        @ForAll @StringLength(max = 200) @CharRange(from = ' ', to = '~') final String origin)
    {
        final CommandSource source = new ControlCommand.ApplyConfig(tenant, ConfigDomain.FRAUD, version, config, origin).source(3, 4);
        final int length = source.encodeCommand(buffer);
        final ApplyConfigDecoder decoder = new ApplyConfigDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());

        assertThat(source.encodedLength()).isEqualTo(length);
        assertThat(decoder.meta().tenantId()).isEqualTo(tenant);
        assertThat(decoder.configVersion()).isEqualTo(version);
        assertThat(decoder.domain()).isEqualTo(ConfigDomain.FRAUD);
        final byte[] decoded = new byte[decoder.configLength()];
        decoder.getConfig(decoded, 0, decoded.length);
        assertThat(decoded).isEqualTo(config);
        assertThat(decoder.origin()).isEqualTo(origin);
    }
}
