package io.hotpath.workload;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The demo traffic's identifiers are built without {@code String.format}, and must read exactly as
 * they did with it: recorded traffic and journals name them.
 */
class DemoTrafficFormatPropertiesTest
{
    private static final long FINGERPRINTS = 0x5EED_0000_0000L;

    @Property
    void shouldWriteTheFingerprintAsSixteenHexDigits(@ForAll final long card)
    {
        assertThat(DemoTraffic.fingerprint(card)).isEqualTo(String.format("%016x", FINGERPRINTS + card));
    }

    @Property
    void shouldWriteTheLastFourDigitsPadded(@ForAll final long card)
    {
        assertThat(DemoTraffic.last4(card)).isEqualTo(String.format("%04d", card % 10_000));
    }

    @Property
    void shouldWriteTheUniqueLocalAddressInHex(@ForAll final long customer)
    {
        assertThat(DemoTraffic.uniqueLocal(customer))
            .isEqualTo(String.format("fd00::%x:%x:%x", customer >>> 32 & 0xFFFF, customer >>> 16 & 0xFFFF, customer & 0xFFFF));
    }
}
