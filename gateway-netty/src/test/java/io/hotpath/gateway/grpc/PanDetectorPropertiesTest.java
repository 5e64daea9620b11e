package io.hotpath.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class PanDetectorPropertiesTest
{
    @Property
    void shouldFindAValidCardNumberWhereverItIsWritten(
        @ForAll @LongRange(min = 400_000_000_000_000L, max = 499_999_999_999_999L) final long body,
        @ForAll @AlphaChars final String before,
        @ForAll @AlphaChars final String after,
        @ForAll final boolean spaced)
    {
        final String pan = withCheckDigit(String.valueOf(body));
        final String written = spaced ? pan.replaceAll("(\\d{4})(?=\\d)", "$1 ") : pan;
        assertThat(PanDetector.containsPan(before + " " + written + " " + after)).isTrue();
    }

    @Property
    void shouldLetANumberWithAWrongCheckDigitThrough(
        @ForAll @LongRange(min = 400_000_000_000_000L, max = 499_999_999_999_999L) final long body,
        @ForAll @IntRange(min = 1, max = 9) final int offset)
    {
        final String valid = withCheckDigit(String.valueOf(body));
        final int wrong = (valid.charAt(valid.length() - 1) - '0' + offset) % 10;
        assertThat(PanDetector.containsPan("order " + valid.substring(0, valid.length() - 1) + wrong)).isFalse();
    }

    private static String withCheckDigit(final String body)
    {
        int sum = 0;
        for (int i = 0; i < body.length(); i++)
        {
            int digit = body.charAt(body.length() - 1 - i) - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return body + (10 - sum % 10) % 10;
    }
}
