package io.hotpath.journal.tools;

import java.io.InputStream;
import org.agrona.DirectBuffer;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.json.JsonPrinter;
import uk.co.real_logic.sbe.xml.IrGenerator;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

/**
 * Prints any command or result of the engine's SBE schema as JSON, from the schema itself (SBE's
 * own JSON printer over the schema's intermediate representation), so that a new message needs
 * no new code here.
 *
 * <p>Not thread-safe; one per thread.
 */
public final class MessageJson
{
    private static final String SCHEMA = "/sbe/hotpath-schema.xml";

    private final Ir ir;
    private final JsonPrinter printer;
    private final StringBuilder text = new StringBuilder(1024);

    public MessageJson()
    {
        try (InputStream schema = MessageJson.class.getResourceAsStream(SCHEMA))
        {
            ir = new IrGenerator().generate(XmlSchemaParser.parse(schema, ParserOptions.DEFAULT), null);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("the engine's SBE schema " + SCHEMA + " cannot be read", ex);
        }
        printer = new JsonPrinter(ir);
    }

    /**
     * @return the message at {@code offset} (with its SBE header) as one line of JSON.
     */
    public String print(final DirectBuffer message, final int offset)
    {
        text.setLength(0);
        printer.print(text, message, offset);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\n' || c == '\r')
            {
                text.setCharAt(i, ' ');
            }
        }
        return text.toString().replaceAll(" {2,}", " ").trim();
    }

    /**
     * @return the name of the message with template {@code templateId}, or {@code "unknown-N"}.
     */
    public String name(final int templateId)
    {
        final var tokens = ir.getMessage(templateId);
        return tokens == null || tokens.isEmpty() ? "unknown-" + templateId : tokens.get(0).name();
    }
}
