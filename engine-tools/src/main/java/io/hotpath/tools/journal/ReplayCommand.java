package io.hotpath.tools.journal;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code engine replay}: re-decides journaled commands, as they were ({@code verify}) or under a
 * changed config ({@code what-if}).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Re-decide journaled commands: verify them, or see what a changed config would have decided.",
    subcommands = {VerifyCommand.class, WhatIfCommand.class})
public final class ReplayCommand implements Runnable
{
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
