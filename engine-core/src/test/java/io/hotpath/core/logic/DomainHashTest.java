package io.hotpath.core.logic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hotpath.core.sbe.ConfigDomain;
import io.hotpath.core.state.StateReader;
import io.hotpath.core.state.StateWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

/**
 * The domains' share of a snapshot's hash, run once by whichever of two threads claims it: the sum is the same as on
 * one thread, in every order the two threads can take.
 */
class DomainHashTest
{
    private final AtomicInteger hashed = new AtomicInteger();

    @Test
    void shouldHashOnTheLogicThreadWhenNoOtherThreadClaimedIt()
    {
        final DomainHash task = new DomainHash(new DomainLogic[] {new Counting(1), new Counting(2)});
        final Fnv1a64 hasher = new Fnv1a64().reset().add(7);
        task.queue(hasher);
        task.finish();

        assertThat(hasher.hash()).isEqualTo(sequential(7, 1, 2));
        assertThat(hashed).hasValue(2);
    }

    @Test
    void shouldWaitForTheOtherThreadOnceItHasBegunAndTakeItsWholeHash() throws Exception
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final DomainHash task = new DomainHash(new DomainLogic[] {new Counting(1), new Holding(2, 3, entered, release), new Counting(4)});
        final Fnv1a64 hasher = new Fnv1a64().reset().add(7);
        task.queue(hasher);
        final Thread lent = new Thread(task, "lent");
        lent.start();
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        // The lent thread holds the task half done; finish must take none of it over, and return only once it ends.
        final Thread releaser = new Thread(() ->
        {
            sleepBriefly();
            release.countDown();
        });
        releaser.start();
        task.finish();

        assertThat(hasher.hash()).isEqualTo(sequential(7, 1, 2, 3, 4));
        assertThat(hashed).hasValue(3);
        lent.join();
        releaser.join();
    }

    @Test
    void shouldRunNothingWhenALentThreadComesLateOrTwice() throws Exception
    {
        final DomainHash task = new DomainHash(new DomainLogic[] {new Counting(1)});
        final Fnv1a64 hasher = new Fnv1a64().reset();
        task.queue(hasher);
        task.finish();
        final long hash = hasher.hash();

        final Thread late = new Thread(task, "late");
        late.start();
        late.join();
        task.run();

        assertThat(hasher.hash()).isEqualTo(hash);
        assertThat(hashed).hasValue(1);
    }

    @Test
    void shouldThrowOnTheLogicThreadWhatADomainThrewOnTheLentOne() throws Exception
    {
        final IllegalStateException broken = new IllegalStateException("broken state");
        final DomainHash task = new DomainHash(new DomainLogic[] {new Throwing(broken)});
        task.queue(new Fnv1a64().reset());
        final Thread lent = new Thread(task, "lent");
        lent.start();
        lent.join();

        assertThatThrownBy(task::finish).isSameAs(broken);
        // Thrown once, and not again: the next snapshot, on the logic thread this time, throws afresh and does not hang.
        task.queue(new Fnv1a64().reset());
        assertThatThrownBy(task::finish).isSameAs(broken);
    }

    private static long sequential(final long... values)
    {
        final Fnv1a64 hasher = new Fnv1a64().reset();
        for (final long value : values)
        {
            hasher.add(value);
        }
        return hasher.hash();
    }

    private static void sleepBriefly()
    {
        try
        {
            Thread.sleep(50);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Adds its values to the hash and counts the domains hashed; no commands, no config.
     */
    private class Counting implements DomainLogic
    {
        private final long value;

        Counting(final long value)
        {
            this.value = value;
        }

        @Override
        public void hashState(final Fnv1a64 hasher)
        {
            hashed.incrementAndGet();
            hasher.add(value);
        }

        @Override
        public ConfigDomain configDomain()
        {
            return null;
        }

        @Override
        public int[] templateIds()
        {
            return new int[0];
        }

        @Override
        public int apply(final DirectBuffer command, final int length, final long engineSequence, final MutableDirectBuffer result)
        {
            throw new AssertionError("no commands");
        }

        @Override
        public String applyConfig(final long tenantId, final long version, final DirectBuffer config, final int offset,
            final int length, final String origin)
        {
            throw new AssertionError("no config");
        }

        @Override
        public void writeState(final StateWriter out)
        {
        }

        @Override
        public void readState(final StateReader in)
        {
        }
    }

    /**
     * Adds its first value, then holds the hashing thread until released, then adds its second.
     */
    private final class Holding extends Counting
    {
        private final long second;
        private final CountDownLatch entered;
        private final CountDownLatch release;

        Holding(final long first, final long second, final CountDownLatch entered, final CountDownLatch release)
        {
            super(first);
            this.second = second;
            this.entered = entered;
            this.release = release;
        }

        @Override
        public void hashState(final Fnv1a64 hasher)
        {
            super.hashState(hasher);
            entered.countDown();
            try
            {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
            hasher.add(second);
        }
    }

    private final class Throwing extends Counting
    {
        private final RuntimeException thrown;

        Throwing(final RuntimeException thrown)
        {
            super(0);
            this.thrown = thrown;
        }

        @Override
        public void hashState(final Fnv1a64 hasher)
        {
            throw thrown;
        }
    }
}
