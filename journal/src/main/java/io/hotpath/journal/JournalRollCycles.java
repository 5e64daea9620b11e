package io.hotpath.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * Names the roll cycles a journal may use: Chronicle Queue's own ({@code FAST_HOURLY},
 * {@code FAST_DAILY}, {@code TEN_MINUTELY}, ...) and, for tests, its {@code TEST_SECONDLY}.
 */
public final class JournalRollCycles
{
    private JournalRollCycles()
    {
    }

    /**
     * @throws IllegalArgumentException naming the cycles there are.
     */
    public static RollCycle parse(final String name)
    {
        final String wanted = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (final RollCycle cycle : all())
        {
            if (cycle.toString().equals(wanted))
            {
                return cycle;
            }
        }
        final List<String> names = new ArrayList<>();
        all().forEach(cycle -> names.add(cycle.toString()));
        throw new IllegalArgumentException("hotpath.journal.roll-cycle: no roll cycle " + name + "; one of " + names);
    }

    private static List<RollCycle> all()
    {
        final List<RollCycle> cycles = new ArrayList<>();
        for (final RollCycles cycle : RollCycles.values())
        {
            if (cycle != RollCycles.DEFAULT)
            {
                cycles.add(cycle);
            }
        }
        cycles.add(TestRollCycles.TEST_SECONDLY);
        return cycles;
    }
}
