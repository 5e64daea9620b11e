package io.hotpath.fraud.lists;

import static org.assertj.core.api.Assertions.assertThat;

import io.hotpath.core.codes.CountryCodes;
import io.hotpath.core.codes.TextKeys;
import org.junit.jupiter.api.Test;

class FraudListTest
{
    private final FraudList list = new FraudList();

    @Test
    void shouldMatchEachKindOfEntry()
    {
        list.addCard(0x1234_5678L);
        list.addEmail("Fraudster@Example.com ");
        list.addDevice("device-42");
        assertThat(list.addCountry("KP")).isTrue();
        assertThat(list.addIp("198.51.100.0/24")).isTrue();

        assertThat(list.hasCard(0x1234_5678L)).isTrue();
        assertThat(list.hasCard(0x1234_5679L)).isFalse();
        assertThat(list.hasEmail(FraudList.emailKey("fraudster@example.com"))).isTrue();
        assertThat(list.hasEmail(TextKeys.NONE)).isFalse();
        assertThat(list.hasDevice(TextKeys.of("device-42"))).isTrue();
        assertThat(list.hasCountry(CountryCodes.parse("KP"))).isTrue();
        assertThat(list.hasCountry(CountryCodes.parse("DE"))).isFalse();
        final long[] ip = new long[2];
        IpAddresses.parse("198.51.100.77", ip);
        assertThat(list.hasIp(ip[0], ip[1])).isTrue();
    }

    @Test
    void shouldMatchBinsAndBinRangesOfSixToEightDigits()
    {
        assertThat(list.addBin("411111")).isTrue();
        assertThat(list.addBin("51000000-51999999")).isTrue();
        assertThat(list.addBin("4111")).isFalse();
        assertThat(list.addBin("520000-51")).isFalse();

        assertThat(list.hasBin(411111, 6)).isTrue();
        assertThat(list.hasBin(41111199, 8)).isTrue();
        assertThat(list.hasBin(411112, 6)).isFalse();
        assertThat(list.hasBin(512345, 6)).isTrue();
        assertThat(list.hasBin(5123456, 7)).isTrue();
        assertThat(list.hasBin(520000, 6)).isFalse();
    }
}
