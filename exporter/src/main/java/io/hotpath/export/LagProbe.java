package io.hotpath.export;

import io.hotpath.journal.JournalReader;
import io.hotpath.journal.ResultCursor;
import java.nio.file.Path;

/**
 * Measures how far a position is behind a shard's results journal, with a reader of its own.
 *
 * <p>Not thread-safe; used by its exporter's thread.
 */
final class LagProbe implements AutoCloseable
{
    private final JournalReader reader;
    private final ResultCursor cursor;
    private long behind;
    private long oldestReleaseNanos;

    LagProbe(final Path shardDir)
    {
        reader = JournalReader.open(shardDir);
        cursor = reader.results();
    }

    void measure(final Position at)
    {
        behind = reader.resultsAfter(at.resultIndex());
        oldestReleaseNanos = 0;
        if (behind == 0)
        {
            return;
        }
        if (at.isStart())
        {
            cursor.seekStart();
        }
        else if (!cursor.seekIndex(at.resultIndex()) || !cursor.next())
        {
            return;
        }
        if (cursor.next())
        {
            oldestReleaseNanos = cursor.egressTime();
        }
    }

    long behind()
    {
        return behind;
    }

    long oldestReleaseNanos()
    {
        return oldestReleaseNanos;
    }

    @Override
    public void close()
    {
        reader.close();
    }
}
