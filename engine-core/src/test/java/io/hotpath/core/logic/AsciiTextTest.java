package io.hotpath.core.logic;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class AsciiTextTest
{
    @Property
    void shouldEncodeAnyTextAsTheSbeAsciiSetterDoes(@ForAll @StringLength(max = 40) final String text)
    {
        assertThat(AsciiText.of(text)).isEqualTo(asSbeWritesIt(text));
    }

    @Test
    void shouldTurnEachCharAboveAsciiIntoAQuestionMarkAndASurrogatePairIntoTwo()
    {
        assertThat(AsciiText.of("velocity-1h")).isEqualTo("velocity-1h".getBytes(US_ASCII));
        assertThat(new String(AsciiText.of("caf\u00e9 \uD83D\uDCB3"), US_ASCII))
            .isEqualTo("caf? ??");
        assertThat(AsciiText.of("caf\u00e9 \uD83D\uDCB3")).isEqualTo(asSbeWritesIt("caf\u00e9 \uD83D\uDCB3"));
    }

    private static byte[] asSbeWritesIt(final String text)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[text.length()]);
        buffer.putStringWithoutLengthAscii(0, text);
        return buffer.byteArray();
    }
}
