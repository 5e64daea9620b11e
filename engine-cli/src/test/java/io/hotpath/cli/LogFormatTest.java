package io.hotpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The engine's two log configurations, as shipped: text by default, and with
 * {@code HOTPATH_LOG_FORMAT=json} one JSON object a line carrying an event's key-value pairs, which is
 * what a log pipeline indexes. Each is loaded into a context of its own, writing to a captured stderr.
 */
class LogFormatTest
{
    @Test
    void shouldWriteOneJsonObjectALineWithTheEventsKeyValuePairs() throws Exception
    {
        final String out = log("/logback-json.xml");
        final String[] lines = out.strip().split("\n");
        assertThat(lines).hasSize(2);
        final JsonNode event = new ObjectMapper().readTree(lines[0]);
        assertThat(event.get("level").asText()).isEqualTo("INFO");
        assertThat(event.get("loggerName").asText()).isEqualTo("io.hotpath.server.Engine");
        assertThat(event.get("formattedMessage").asText()).isEqualTo("shard 1 recovered to engine sequence 815");
        assertThat(event.get("kvpList").toString())
            .contains("{\"event\":\"recovered\"}", "{\"shard\":\"1\"}", "{\"engine_sequence\":\"815\"}");
        assertThat(new ObjectMapper().readTree(lines[1]).get("level").asText()).isEqualTo("WARN");
    }

    @Test
    void shouldWriteTextByDefaultAtTheSameLevels() throws Exception
    {
        final String out = log("/logback.xml");
        assertThat(out).contains("INFO  [main] i.hotpath.server.Engine - shard 1 recovered to engine sequence 815")
            .contains("WARN  [main] o.apache.pekko.Something - kept").doesNotContain("dropped");
    }

    /**
     * Logs, through {@code configuration}: an INFO with key-value pairs, an INFO from Pekko (below its
     * level, so dropped) and a WARN from Pekko (kept).
     */
    private static String log(final String configuration) throws JoranException
    {
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try
        {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            final JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource(configuration));
            assertThat(context.getStatusManager().getCopyOfStatusList()).as("logback's own complaints")
                .allSatisfy(status -> assertThat(status.getLevel()).isLessThan(Status.WARN));
            final Logger engine = context.getLogger("io.hotpath.server.Engine");
            engine.atInfo().addKeyValue("event", "recovered").addKeyValue("shard", 1).addKeyValue("engine_sequence", 815)
                .log("shard {} recovered to engine sequence {}", 1, 815);
            context.getLogger("org.apache.pekko.Something").info("dropped");
            context.getLogger("org.apache.pekko.Something").warn("kept");
        }
        finally
        {
            context.stop();
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
