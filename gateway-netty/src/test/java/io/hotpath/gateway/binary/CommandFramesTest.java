package io.hotpath.gateway.binary;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.sbe.ApplyConfigDecoder;
import io.hotpath.core.sbe.MessageHeaderEncoder;
import io.hotpath.core.sbe.QuoteDecoder;
import io.hotpath.core.sbe.ResultCode;
import io.hotpath.gateway.auth.Principal;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The bound on a binary command's size: a data command must fit a ring slot
 * ({@code hotpath.ring.max-command-bytes}); an operator's {@code ApplyConfig} travels outside the
 * slots and is bounded by the frame alone.
 */
class CommandFramesTest
{
    private final CommandFrames frames = new CommandFrames(2048);
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[8192]);

    @Test
    void shouldRefuseADataCommandLargerThanARingSlotNamingTheSetting()
    {
        header(QuoteDecoder.TEMPLATE_ID, QuoteDecoder.BLOCK_LENGTH);

        assertThat(frames.check(frame, 0, 2049, Principal.ANYONE)).isEqualTo(ResultCode.INVALID_ARGUMENT);
        assertThat(frames.reason())
            .isEqualTo("frame: 2049 bytes; a command other than ApplyConfig holds at most 2048 (hotpath.ring.max-command-bytes)");
    }

    @Test
    void shouldLetAnOperatorsConfigBeLargerThanARingSlot()
    {
        header(ApplyConfigDecoder.TEMPLATE_ID, ApplyConfigDecoder.BLOCK_LENGTH);

        frames.check(frame, 0, 6000, Principal.ANYONE);
        // Refused for its layout (this one is no real config), never for its size.
        assertThat(frames.reason()).doesNotContain("max-command-bytes");
    }

    private void header(final int templateId, final int blockLength)
    {
        new MessageHeaderEncoder().wrap(frame, 0).blockLength(blockLength).templateId(templateId)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(MessageHeaderEncoder.SCHEMA_VERSION);
    }
}
