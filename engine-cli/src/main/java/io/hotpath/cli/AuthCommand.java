package io.hotpath.cli;

import io.hotpath.gateway.auth.ApiKeyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code engine auth}: credentials for the fronts.
 */
@Command(name = "auth", mixinStandardHelpOptions = true, description = "Credentials for the engine's fronts.",
    subcommands = {AuthCommand.NewKey.class})
public final class AuthCommand implements Runnable
{
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /**
     * {@code engine auth new-key}: a new API key, and the line of config that admits it (its hash only).
     */
    @Command(name = "new-key", mixinStandardHelpOptions = true,
        description = "Print a new API key, for the caller, and its hotpath.auth.api-keys entry, for the engine (the hash, not the key).")
    static final class NewKey implements Runnable
    {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Who holds it, for logs and errors.")
        String name;

        @Option(names = "--tenant", paramLabel = "ID", description = "The tenant it acts for.")
        long tenant;

        @Option(names = "--operator", description = "An operator key: the control plane and every tenant.")
        boolean operator;

        @Override
        public void run()
        {
            if (operator == (tenant > 0))
            {
                throw new IllegalArgumentException("give --tenant ID (> 0) or --operator");
            }
            final String key = ApiKeyStore.newKey();
            System.out.println("key (give it to " + name + "; it is not stored anywhere): " + key);
            System.out.printf("config: { name = \"%s\", %s, sha256 = \"%s\" }%n", name, operator ? "role = operator" : "tenant = " + tenant,
                ApiKeyStore.hash(key));
        }
    }
}
