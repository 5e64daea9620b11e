package io.hotpath.core.logic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class Fnv1a64Test
{
    @Test
    void shouldMatchThePublishedTestVectors()
    {
        // Vectors from the FNV reference test suite.
        assertThat(hash("")).isEqualTo(0xcbf29ce484222325L);
        assertThat(hash("a")).isEqualTo(0xaf63dc4c8601ec8cL);
        assertThat(hash("foobar")).isEqualTo(0x85944171f73967e8L);
    }

    @Test
    void shouldHashALongAsItsEightLittleEndianBytes()
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[8]);
        bytes.putLong(0, 0x0102030405060708L, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(new Fnv1a64().add(0x0102030405060708L).hash()).isEqualTo(new Fnv1a64().add(bytes, 0, 8).hash());
    }

    private static long hash(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return new Fnv1a64().add(new UnsafeBuffer(bytes), 0, bytes.length).hash();
    }
}
