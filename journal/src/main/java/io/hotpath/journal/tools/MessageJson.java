package io.hotpath.journal.tools;

import java.io.InputStream;
import org.agrona.DirectBuffer;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.otf.OtfHeaderDecoder;
import uk.co.real_logic.sbe.otf.OtfMessageDecoder;
import uk.co.real_logic.sbe.xml.IrGenerator;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

/**
 * Prints any command or result of the engine's SBE schema as JSON, from the schema itself (SBE's
 * own JSON listener over the schema's intermediate representation), so that a new message needs
 * no new code here. 64-bit integers are written as strings, as the proto3 JSON mapping writes them
 * ({@link Int64AsStringListener}).
 *
 * <p>Not thread-safe; one per thread.
 */
public final class MessageJson
{
    private static final String SCHEMA = "/sbe/hotpath-schema.xml";

    private final Ir ir;
    private final OtfHeaderDecoder header;
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
        header = new OtfHeaderDecoder(ir.headerStructure());
    }

    /**
     * @return the message at {@code offset} (with its SBE header) as one line of JSON.
     */
    public String print(final DirectBuffer message, final int offset)
    {
        text.setLength(0);
        final int templateId = header.getTemplateId(message, offset);
        OtfMessageDecoder.decode(message, offset + header.encodedLength(), header.getSchemaVersion(message, offset),
            header.getBlockLength(message, offset), ir.getMessage(templateId), new Int64AsStringListener(text));
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
