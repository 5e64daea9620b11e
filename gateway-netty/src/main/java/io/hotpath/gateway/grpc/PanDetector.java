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

    /**
     * One pass, no allocation (it runs on every free-text field of every request): Luhn doubles every
     * second digit from the right, which is not known until a run ends, so both parities are summed
     * from the left and the run's length picks one.
     */
    static boolean containsPan(final String text)
    {
        int count = 0;
        int first = 0;
        int evenDoubled = 0;
        int oddDoubled = 0;
        for (int i = 0; i <= text.length(); i++)
        {
            final char c = i < text.length() ? text.charAt(i) : 'x';
            if (c >= '0' && c <= '9')
            {
                final int digit = c - '0';
                final int doubled = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
                first = count == 0 ? digit : first;
                evenDoubled += (count & 1) == 0 ? doubled : digit;
                oddDoubled += (count & 1) == 0 ? digit : doubled;
                count++;
            }
            else if (!(count > 0 && (c == ' ' || c == '-')))
            {
                final int sum = (count & 1) == 0 ? evenDoubled : oddDoubled;
                if (count >= MIN_DIGITS && count <= MAX_DIGITS && first >= 2 && first <= 6 && sum % 10 == 0)
                {
                    return true;
                }
                count = 0;
                evenDoubled = 0;
                oddDoubled = 0;
            }
        }
        return false;
    }
}
