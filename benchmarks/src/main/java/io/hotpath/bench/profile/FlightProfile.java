package io.hotpath.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a Flight Recorder recording says bounds a run: how busy the host's cores were, which threads used them, in which
 * methods the samples of the threads that matter were, and the longest stalls of those threads.
 *
 * <p>The JDK reads the recording; the summary is written here because no library turns a recording into the few lines a
 * results page can hold. Threads are grouped by name with their numbers taken out ({@code hotpath-shard-N-logic}), so that a
 * run's two shards or four event loops read as one role.
 *
 * @param recording     the recording's file.
 * @param hostCpu       the host's CPU load over the recording, all cores together (1 is every core busy).
 * @param jvmCpu        the part of it this JVM used.
 * @param threads       the host's CPU by thread group, highest first.
 * @param methods       the share of the chosen threads' CPU samples by the method on top of the stack, highest first.
 * @param samples       the chosen threads' CPU samples.
 * @param stalls        the chosen threads' longest waits on files and monitors, and the longest pauses of the whole JVM.
 * @param jit           what the JIT compiled and threw away while recorded.
 * @param pauses        the collector's pauses while recorded, every one of them, not only the longest.
 */
public record FlightProfile(String title, Path recording, double hostCpu, double jvmCpu, List<Share> threads, List<Share> methods,
    int samples, List<Stall> stalls, Jit jit, Pauses pauses)
{
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final int LISTED = 8;
    private static final int STALLS = 4;
    /** The thread of a stall that holds every thread: a GC pause, a safepoint. */
    private static final String EVERY_THREAD = "every thread";

    public record Share(String name, double fraction)
    {
    }

    /**
     * @param at the frame of this project nearest the top of the waiting stack, or the top frame when none is.
     */
    public record Stall(String what, String thread, long nanos, String at)
    {
    }

    /**
     * The collector's pauses over a recording: how many, and their time summed (each collection's pauses, a young
     * collection's one or a mixed cycle's remark and cleanup).
     */
    public record Pauses(int count, long nanos)
    {
        public static final Pauses NONE = new Pauses(0, 0);
    }

    /**
     * The JIT's work over a recording: a run measured while its code is still being compiled measures the compiler too.
     *
     * @param compilations    compilations that took over the settings' threshold (100 ms in the anchors' settings).
     * @param nanos           their time, summed.
     * @param methods         their share of that time by method, highest first.
     * @param deoptimizations compiled code thrown away because an assumption it made failed.
     * @param deoptimized     their share by method and reason, highest first.
     */
    public record Jit(int compilations, long nanos, List<Share> methods, int deoptimizations, List<Share> deoptimized)
    {
    }

    /**
     * @param chosen the threads whose samples and stalls count, by name (all of them for a run whose every thread is the
     *               system under test).
     */
    public static FlightProfile read(final String title, final Path recording, final Predicate<String> chosen) throws IOException
    {
        final Map<String, Double> threadLoad = new HashMap<>();
        final Map<String, Integer> topFrames = new HashMap<>();
        final List<Stall> stalls = new ArrayList<>();
        final Map<String, Long> compiled = new HashMap<>();
        final Map<String, Integer> deoptimized = new HashMap<>();
        int compilations = 0;
        int pauses = 0;
        long pauseNanos = 0;
        double host = 0;
        double jvm = 0;
        int periods = 0;
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording))
        {
            while (file.hasMoreEvents())
            {
                final RecordedEvent event = file.readEvent();
                switch (event.getEventType().getName())
                {
                    case "jdk.CPULoad":
                        periods++;
                        host += event.getFloat("machineTotal");
                        jvm += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                        break;
                    case "jdk.ThreadCPULoad":
                        threadLoad.merge(group(threadName(event.getThread())), (double)event.getFloat("user") + event.getFloat("system"),
                            Double::sum);
                        break;
                    case "jdk.ExecutionSample":
                        if (chosen.test(threadName(event.getThread("sampledThread"))))
                        {
                            samples++;
                            topFrames.merge(topMethod(event.getStackTrace()), 1, Integer::sum);
                        }
                        break;
                    case "jdk.GarbageCollection":
                        pauses++;
                        pauseNanos += event.getDuration("sumOfPauses").toNanos();
                        stalls.add(new Stall("GC pause (" + event.getString("name") + ", " + event.getString("cause") + ")", EVERY_THREAD,
                            event.getDuration("longestPause").toNanos(), ""));
                        break;
                    case "jdk.Compilation":
                        compilations++;
                        compiled.merge(method(event.<RecordedMethod>getValue("method")), event.getDuration().toNanos(), Long::sum);
                        break;
                    case "jdk.Deoptimization":
                        final String deoptimizedMethod = method(event.<RecordedMethod>getValue("method"));
                        deoptimized.merge(deoptimizedMethod + " (" + event.getString("reason") + ")", 1, Integer::sum);
                        break;
                    case "jdk.SafepointBegin":
                        stalls.add(new Stall("time to safepoint", EVERY_THREAD, event.getDuration().toNanos(), ""));
                        break;
                    case "jdk.FileWrite":
                    case "jdk.FileForce":
                    case "jdk.FileRead":
                    case "jdk.JavaMonitorEnter":
                        final String thread = threadName(event.getThread());
                        // A read or write without a path is of a pipe: a parent reading its child's output, not a stall.
                        final boolean pipe = !"jdk.JavaMonitorEnter".equals(event.getEventType().getName())
                            && event.getString("path") == null;
                        if (chosen.test(thread) && !pipe)
                        {
                            stalls.add(new Stall(stallName(event), group(thread), event.getDuration().toNanos(),
                                ownFrame(event.getStackTrace())));
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        final int seconds = Math.max(1, periods);
        stalls.sort(Comparator.comparingLong(Stall::nanos).reversed());
        return new FlightProfile(title, recording, host / seconds, jvm / seconds, shares(threadLoad, seconds),
            shares(topFrames, samples), samples, List.copyOf(stalls.subList(0, Math.min(STALLS, stalls.size()))),
            jit(compilations, compiled, deoptimized), new Pauses(pauses, pauseNanos));
    }

    private static Jit jit(final int compilations, final Map<String, Long> compiled, final Map<String, Integer> deoptimized)
    {
        final long nanos = compiled.values().stream().mapToLong(Long::longValue).sum();
        final int deoptimizations = deoptimized.values().stream().mapToInt(Integer::intValue).sum();
        return new Jit(compilations, nanos, shares(compiled, nanos), deoptimizations, shares(deoptimized, deoptimizations));
    }

    /**
     * @return each name's amount as a share of {@code whole} (taken as 1 when nothing was counted), highest first.
     */
    private static List<Share> shares(final Map<String, ? extends Number> amounts, final double whole)
    {
        final List<Share> shares = new ArrayList<>();
        amounts.forEach((name, amount) -> shares.add(new Share(name, amount.doubleValue() / Math.max(1, whole))));
        return highest(shares);
    }

    /**
     * @return a paragraph of markdown: the load, the threads, the methods and the stalls, each a line; the recording named
     *         relative to {@code base}.
     */
    public String markdown(final Path base)
    {
        final StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "**%s** (`%s`): the host's cores were %s busy, %s of it in this JVM.%n%n", title,
            base.toAbsolutePath().relativize(recording.toAbsolutePath()), percent(hostCpu), percent(jvmCpu)));
        text.append("- CPU of the host by thread: ").append(list(threads)).append(System.lineSeparator());
        text.append(String.format(Locale.ROOT, "- where %,d CPU samples of the threads under test were (the method on top): ", samples))
            .append(list(methods)).append(System.lineSeparator());
        if (!stalls.isEmpty())
        {
            text.append("- longest stalls: ");
            for (int i = 0; i < stalls.size(); i++)
            {
                final Stall stall = stalls.get(i);
                text.append(i == 0 ? "" : "; ").append(stall.what()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f ms", stall.nanos() / 1e6));
                if (!EVERY_THREAD.equals(stall.thread()))
                {
                    text.append(" on ").append('`').append(stall.thread()).append('`');
                }
                if (!stall.at().isEmpty())
                {
                    text.append(" at `").append(stall.at()).append('`');
                }
            }
            text.append(System.lineSeparator());
        }
        if (pauses.count() > 0)
        {
            text.append(String.format(Locale.ROOT, "- GC: %,d collections, their pauses %.1f ms in all%n", pauses.count(),
                pauses.nanos() / 1e6));
        }
        if (jit.compilations() > 0 || jit.deoptimizations() > 0)
        {
            text.append(String.format(Locale.ROOT, "- JIT: %,d compilations over 100 ms, %.1f s in all: ", jit.compilations(),
                jit.nanos() / 1e9)).append(list(jit.methods()));
            text.append(String.format(Locale.ROOT, "; %,d deoptimizations: ", jit.deoptimizations())).append(list(jit.deoptimized()))
                .append(System.lineSeparator());
        }
        return text.append(System.lineSeparator()).toString();
    }

    private static String list(final List<Share> shares)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(LISTED, shares.size()); i++)
        {
            text.append(i == 0 ? "" : ", ").append('`').append(shares.get(i).name()).append("` ").append(percent(shares.get(i).fraction()));
        }
        return text.length() == 0 ? "none recorded" : text.toString();
    }

    private static String percent(final double fraction)
    {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    private static List<Share> highest(final List<Share> shares)
    {
        shares.sort(Comparator.comparingDouble(Share::fraction).reversed().thenComparing(Share::name));
        return List.copyOf(shares);
    }

    static String group(final String thread)
    {
        return NUMBER.matcher(thread).replaceAll("N");
    }

    private static String threadName(final RecordedThread thread)
    {
        if (thread == null)
        {
            return "?";
        }
        return thread.getJavaName() != null ? thread.getJavaName() : thread.getOSName();
    }

    private static String stallName(final RecordedEvent event)
    {
        switch (event.getEventType().getName())
        {
            case "jdk.FileWrite":
                return "file write of " + event.getLong("bytesWritten") + " bytes to " + fileName(event.getString("path"));
            case "jdk.FileForce":
                return "fsync of " + fileName(event.getString("path"));
            case "jdk.FileRead":
                return "file read of " + fileName(event.getString("path"));
            default:
                return "monitor wait for " + event.getClass("monitorClass").getName();
        }
    }

    private static String fileName(final String path)
    {
        return path == null ? "?" : Path.of(path).getFileName().toString();
    }

    private static String topMethod(final RecordedStackTrace stack)
    {
        if (stack == null || stack.getFrames().isEmpty())
        {
            return "?";
        }
        return method(stack.getFrames().get(0));
    }

    private static String ownFrame(final RecordedStackTrace stack)
    {
        if (stack == null || stack.getFrames().isEmpty())
        {
            return "";
        }
        for (final RecordedFrame frame : stack.getFrames())
        {
            if (frame.getMethod().getType().getName().startsWith("io.hotpath."))
            {
                return method(frame);
            }
        }
        return method(stack.getFrames().get(0));
    }

    /**
     * @return {@code Class.method}, the project's classes without their common prefix, others with their package.
     */
    private static String method(final RecordedFrame frame)
    {
        return method(frame.getMethod());
    }

    private static String method(final RecordedMethod method)
    {
        if (method == null)
        {
            return "?";
        }
        final String type = method.getType().getName();
        return (type.startsWith("io.hotpath.") ? type.substring("io.hotpath.".length()) : type) + "." + method.getName();
    }
}
