package io.hotpath.bench.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * Flight Recorder recordings of a run's measured part, with the settings in {@code hotpath-profile.jfc}: started in this JVM
 * once a warm-up is over, or handed to another JVM as a settings file.
 */
public final class Recordings
{
    private static final String SETTINGS = "/hotpath-profile.jfc";

    private Recordings()
    {
    }

    /**
     * Starts and stops a recording with these settings once, recording nothing that is kept. Starting the first one
     * (which instruments the JDK's file I/O classes for the file events) throws away compiled code wholesale: 1,568
     * methods made not entrant in a small program that had only warmed one loop ({@code -XX:+PrintCompilation}). The first
     * measured run recorded, the engine's gRPC unary run, spent a third of the host recompiling in every anchors run,
     * with no deoptimization events. Call it before the warm-up of the first run to be measured.
     */
    public static void prime() throws IOException, ParseException
    {
        try (Recording recording = new Recording(settings()))
        {
            recording.setToDisk(false);
            recording.start();
            recording.stop();
        }
    }

    /**
     * Runs {@code work}, recording this JVM from {@code warmUp} after it starts until it returns, into {@code file}.
     */
    public static <T> T during(final Path file, final Duration warmUp, final Callable<T> work) throws Exception
    {
        Files.createDirectories(file.toAbsolutePath().getParent());
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "hotpath-anchors-recording");
            thread.setDaemon(true);
            return thread;
        });
        try (Recording recording = new Recording(settings()))
        {
            recording.setToDisk(true);
            recording.setDestination(file);
            timer.schedule(recording::start, warmUp.toMillis(), TimeUnit.MILLISECONDS);
            final T result = work.call();
            timer.shutdownNow();
            if (!timer.awaitTermination(10, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the recording of " + file + " did not start in time");
            }
            if (recording.getState() != RecordingState.RUNNING)
            {
                throw new IllegalStateException("the run ended before its warm-up of " + warmUp + " did: nothing recorded to " + file);
            }
            // Stopping writes the recording to its destination.
            recording.stop();
            return result;
        }
        finally
        {
            timer.shutdownNow();
        }
    }

    /**
     * @return the settings as a file in {@code dir}, for another JVM's {@code -XX:StartFlightRecording:settings=}.
     */
    public static Path settingsFile(final Path dir) throws IOException
    {
        final Path file = dir.resolve("hotpath-profile.jfc");
        try (InputStream in = resource())
        {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    private static Configuration settings() throws IOException, ParseException
    {
        try (Reader reader = new InputStreamReader(resource(), StandardCharsets.UTF_8))
        {
            return Configuration.create(reader);
        }
    }

    private static InputStream resource()
    {
        final InputStream in = Recordings.class.getResourceAsStream(SETTINGS);
        if (in == null)
        {
            throw new UncheckedIOException(new IOException(SETTINGS + " is not on the class path"));
        }
        return in;
    }
}
