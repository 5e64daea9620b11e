package io.hotpath.gateway.grpc;

import io.grpc.Status;
import java.util.Map;

/**
 * Finds what looks like a card number in free text: a whole run of 13 to 19 digits (spaces or
 * dashes allowed between them) that starts with 2 to 6, as the major networks' numbers do, and
 * passes the Luhn check. Used at ingress so that a PAN pasted into a metadata value or an id never
 * reaches the journal. A numeric id of that shape is refused too, by design: about one in ten such
 * ids passes Luhn, and an id that cannot be told from a card number must not be journaled either.
 */
final class PanDetector
{
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;

    private PanDetector()
    {
    }

    /**
     * @return INVALID_ARGUMENT if a metadata key or value holds a card number, naming neither (the
     *         message must not carry the number back); null otherwise.
     */
    static Status metadata(final Map<String, String> metadata)
    {
        for (final Map.Entry<String, String> entry : metadata.entrySet())
        {
            if (containsPan(entry.getKey()) || containsPan(entry.getValue()))
            {
                return GrpcStatuses.invalid("metadata", "an entry looks like a card number; card numbers are never accepted");
            }
        }
        return null;
    }

    static boolean containsPan(final String text)
    {
        final int[] digits = new int[MAX_DIGITS * 2];
        int count = 0;
        for (int i = 0; i <= text.length(); i++)
        {
            final char c = i < text.length() ? text.charAt(i) : 'x';
            if (c >= '0' && c <= '9')
            {
                if (count < digits.length)
                {
                    digits[count++] = c - '0';
                }
            }
            else if (!(count > 0 && (c == ' ' || c == '-')))
            {
                if (luhnRun(digits, count))
                {
                    return true;
                }
                count = 0;
            }
        }
        return false;
    }

    private static boolean luhnRun(final int[] digits, final int count)
    {
        return count >= MIN_DIGITS && count <= MAX_DIGITS && digits[0] >= 2 && digits[0] <= 6 && luhn(digits, 0, count);
    }

    private static boolean luhn(final int[] digits, final int start, final int length)
    {
        int sum = 0;
        for (int i = 0; i < length; i++)
        {
            int digit = digits[start + length - 1 - i];
            if ((i & 1) == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
