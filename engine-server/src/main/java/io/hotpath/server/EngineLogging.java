package io.hotpath.server;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * One log for every process that embeds the engine. gRPC logs through {@code java.util.logging}; without the bridge its
 * records go to JUL's console handler, which takes a monitor and flushes on the event loop that
 * logged. Bridged, they reach logback at the levels in {@code logback-levels.xml}.
 */
public final class EngineLogging
{
    private EngineLogging()
    {
    }

    /** Routes {@code java.util.logging} to logback; call once at the top of {@code main}. */
    public static void install()
    {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }
}
