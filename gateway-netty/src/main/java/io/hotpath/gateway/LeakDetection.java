package io.hotpath.gateway;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak detection in an engine process: off unless the operator asks for it.
 *
 * <p>At Netty's default level one buffer in 128 records the stack trace of its allocation and of
 * its release: about 1.5 KB and a {@code fillInStackTrace} on the event loop each time, so the
 * fronts would allocate in proportion to the buffers they use and stall on the unlucky ones. An
 * engine process turns it off at start; {@code -Dio.netty.leakDetection.level=simple} (or
 * {@code paranoid}) in {@code HOTPATH_JAVA_OPTS} turns it back on to chase a leak. The test suite
 * keeps Netty's default, so tests still catch leaks.
 */
public final class LeakDetection
{
    /** The system property Netty reads its level from. */
    public static final String LEVEL_PROPERTY = "io.netty.leakDetection.level";

    private LeakDetection()
    {
    }

    /**
     * Turns leak detection off unless {@value #LEVEL_PROPERTY} is set, in which case Netty has
     * already applied it. Called once by the process entry points, before any buffer is allocated.
     *
     * @return the level before the call, for a test to put back
     */
    public static ResourceLeakDetector.Level applyForEngine()
    {
        final ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
        if (System.getProperty(LEVEL_PROPERTY) == null)
        {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        return before;
    }
}
