package io.hotpath.core.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import org.apache.pekko.actor.ActorInitializationException;
import org.junit.jupiter.api.Test;

/**
 * What the engine says when a shard does not start: the failure's own words and its causes', not the actor system's.
 */
class EngineGuardianTest
{
    @Test
    void shouldSayWhyAShardFailedWithoutTheActorSystemsWrapper()
    {
        final FileSystemException root = new FileSystemException("/data/journal", null, "Not a directory");
        final Throwable failure = new ActorInitializationException(null,
            "pekko://hotpath/user/shard-1: exception during creation, root cause message: [/data/journal: Not a directory]",
            new UncheckedIOException("cannot open /data/journal/shard-1/owner.lock", root));

        assertThat(EngineGuardian.whyFailed(failure))
            .isEqualTo("cannot open /data/journal/shard-1/owner.lock: /data/journal: Not a directory");
    }

    @Test
    void shouldNameAFailureWithoutWordsByItsTypeAndNotRepeatACauseItAlreadySays()
    {
        assertThat(EngineGuardian.whyFailed(new IllegalStateException())).isEqualTo("IllegalStateException");
        final IllegalStateException cause = new IllegalStateException("ring full");
        assertThat(EngineGuardian.whyFailed(new RuntimeException("start failed: ring full", cause))).isEqualTo("start failed: ring full");
    }

    @Test
    void shouldStopAtEightCausesWhenTheChainLoops()
    {
        final RuntimeException first = new RuntimeException("first");
        final RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(EngineGuardian.whyFailed(first)).isEqualTo("first: second");
    }
}
