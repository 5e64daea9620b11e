package io.hotpath.tools.whatif;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Streams changed decisions to a file as they are found, so a long replay holds none of them:
 * CSV with a header row when the file name ends in {@code .csv}, otherwise one JSON array.
 */
final class ChangeWriter implements AutoCloseable
{
    private final SequenceWriter writer;
    private long written;

    ChangeWriter(final Path file)
    {
        try
        {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
            {
                final CsvMapper csv = new CsvMapper();
                writer = csv.writer(csv.schemaFor(Change.class).withHeader()).writeValues(file.toFile());
            }
            else
            {
                // 64-bit integers as strings, as the proto3 JSON mapping writes int64: JavaScript reads
                // numbers as doubles and would lose the digits past 2^53 of a sequence or an id.
                final ObjectMapper json = new ObjectMapper()
                    .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                    .registerModule(new SimpleModule("int64-as-string")
                        .addSerializer(Long.class, ToStringSerializer.instance)
                        .addSerializer(Long.TYPE, ToStringSerializer.instance))
                    .enable(SerializationFeature.INDENT_OUTPUT);
                writer = json.writerFor(Change.class).writeValuesAsArray(file.toFile());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    void write(final Change change)
    {
        try
        {
            writer.write(change);
            written++;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    long written()
    {
        return written;
    }

    @Override
    public void close()
    {
        try
        {
            writer.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
