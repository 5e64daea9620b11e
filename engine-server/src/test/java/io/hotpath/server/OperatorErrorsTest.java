package io.hotpath.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * A failed command prints one line an operator can act on, and exits with 2, whatever the failure carries: a file the
 * JDK could not use names the file and what was wrong with it, not the path alone.
 */
class OperatorErrorsTest
{
    @Command(name = "what-if")
    static final class Failing implements Callable<Integer>
    {
        private final Exception failure;

        Failing(final Exception failure)
        {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception
        {
            throw failure;
        }
    }

    @Test
    void shouldSayWhichFileIsMissingRatherThanPrintItsPathAlone()
    {
        assertThat(failureLine(new NoSuchFileException("config/fraud-example.conf")))
            .isEqualTo("engine what-if: no such file: config/fraud-example.conf");
    }

    @Test
    void shouldKeepAWrappersOwnWordsBeforeWhatItWraps()
    {
        assertThat(failureLine(new UncheckedIOException("cannot create /var/hotpath", new AccessDeniedException("/var/hotpath"))))
            .isEqualTo("engine what-if: cannot create /var/hotpath: permission denied: /var/hotpath");
    }

    @Test
    void shouldGiveWayToTheCauseOfAWrapperMadeFromItAlone()
    {
        assertThat(failureLine(new UncheckedIOException(new NoSuchFileException("/tmp/journal/shard-0"))))
            .isEqualTo("engine what-if: no such file: /tmp/journal/shard-0");
        assertThat(failureLine(new RuntimeException(new IllegalStateException("the journal is locked by another engine"))))
            .isEqualTo("engine what-if: the journal is locked by another engine");
    }

    @Test
    void shouldNameAFailureThatCarriesNoMessage()
    {
        assertThat(failureLine(new IllegalStateException())).isEqualTo("engine what-if: IllegalStateException");
    }

    @Test
    void shouldPrintAnOperatorsMessageAsItIs()
    {
        assertThat(failureLine(new IllegalArgumentException("--tenant is required: the tenant whose config the replay replaces")))
            .isEqualTo("engine what-if: --tenant is required: the tenant whose config the replay replaces");
        assertThat(failureLine(new FileSystemException("/data/a", "/data/b", "Is a directory")))
            .isEqualTo("engine what-if: Is a directory: /data/a (and /data/b)");
    }

    @Test
    void shouldEndOnAChainOfCausesThatLoops()
    {
        final RuntimeException outer = new RuntimeException((String)null);
        final RuntimeException inner = new RuntimeException(outer);
        outer.initCause(inner);
        assertThat(failureLine(outer)).isEqualTo("engine what-if: RuntimeException");
    }

    private static String failureLine(final Exception failure)
    {
        final EngineCommandLine.Run run = EngineCommandLine.run(new Failing(failure));
        assertThat(run.exit()).isEqualTo(OperatorErrors.EXIT_FAILED);
        assertThat(run.err().lines()).hasSize(1);
        return run.err().strip();
    }
}
