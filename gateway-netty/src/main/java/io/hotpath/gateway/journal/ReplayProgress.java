package io.hotpath.gateway.journal;

import io.hotpath.journal.JournalReplayer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error for one shard's replay, with its throughput; or nothing, when
 * asked for none or when the process has no terminal (a log file gains nothing from a redrawn bar).
 */
final class ReplayProgress implements JournalReplayer.Progress, AutoCloseable
{
    private final String task;
    private final boolean shown;
    private ProgressBar bar;

    ReplayProgress(final String task, final boolean shown)
    {
        this.task = task;
        this.shown = shown && System.console() != null;
    }

    @Override
    public void start(final long commands)
    {
        if (shown)
        {
            bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(commands)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" commands", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .build();
        }
    }

    @Override
    public void advance(final long commands)
    {
        if (bar != null)
        {
            bar.stepBy(commands);
        }
    }

    @Override
    public void close()
    {
        if (bar != null)
        {
            bar.close();
        }
    }
}
