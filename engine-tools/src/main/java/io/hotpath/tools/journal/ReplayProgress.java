package io.hotpath.tools.journal;

import io.hotpath.journal.JournalReplayer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One progress bar on standard error for replays, with their throughput; or nothing, when asked for
 * none or when the process has no terminal (a log file gains nothing from a redrawn bar). Shards
 * replayed at once share it: each adds its commands to the total.
 *
 * <p>Thread-safe.
 */
final class ReplayProgress implements JournalReplayer.Progress, AutoCloseable
{
    private final String task;
    private final boolean shown;
    private ProgressBar bar;
    private long total;

    ReplayProgress(final String task, final boolean shown)
    {
        this.task = task;
        this.shown = shown && System.console() != null;
    }

    @Override
    public synchronized void start(final long commands)
    {
        total += commands;
        if (bar != null)
        {
            bar.maxHint(total);
        }
        else if (shown)
        {
            bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" commands", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .build();
        }
    }

    @Override
    public synchronized void advance(final long commands)
    {
        if (bar != null)
        {
            bar.stepBy(commands);
        }
    }

    @Override
    public synchronized void close()
    {
        if (bar != null)
        {
            bar.close();
        }
    }
}
