package io.hotpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.hotpath.gateway.auth.AuthSettings;
import io.hotpath.gateway.auth.Authenticator;
import io.hotpath.gateway.auth.Principal;
import io.hotpath.server.EngineCommandLine;
import io.hotpath.server.EngineCommandLine.Run;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code engine auth new-key}: the key it prints is admitted by the config line it prints, which
 * holds only the key's hash.
 */
class AuthCommandTest
{
    @Test
    void shouldPrintAKeyAndAConfigEntryThatAdmitsItByItsHashAlone()
    {
        final Run run = run("auth", "new-key", "--name", "checkout", "--tenant", "42");
        assertThat(run.exit()).as(run.err()).isZero();
        final Matcher key = Pattern.compile("it is not stored anywhere\\): (\\S+)").matcher(run.out());
        final Matcher entry = Pattern.compile("config: (\\{.*\\})").matcher(run.out());
        assertThat(key.find()).isTrue();
        assertThat(entry.find()).isTrue();
        assertThat(entry.group(1)).doesNotContain(key.group(1));

        final AuthSettings settings = AuthSettings.from(
            ConfigFactory.parseString("mode = required, api-keys = [" + entry.group(1) + "]")
                .withFallback(ConfigFactory.load().getConfig("hotpath.auth")),
            ConfigFactory.parseString("rate = 0, burst = 0, in-flight = 0, tenants = []"));
        final Authenticator.Outcome outcome = settings.authenticator().authenticate(null, key.group(1));
        assertThat(outcome.principal()).isEqualTo(new Principal("checkout", 42, false));
        assertThat(settings.authenticator().authenticate(null, key.group(1) + "x").authenticated()).isFalse();
    }

    @Test
    void shouldAskForATenantOrTheOperatorRole()
    {
        assertThat(run("auth", "new-key", "--name", "x").err()).contains("give --tenant ID (> 0) or --operator");
        assertThat(run("auth", "new-key", "--name", "ops", "--operator").out()).contains("role = operator");
    }

    private static Run run(final String... args)
    {
        return EngineCommandLine.run(new EngineMain(), args);
    }
}
