package io.weir.harness.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per started component, with its start time: the numbers the README quotes. */
public final class Started {

    private static final Logger LOG = LoggerFactory.getLogger("io.weir.harness");

    private Started() {
    }

    public static void log(Object component, long beginNanos, Object logLocation) {
        LOG.info("{} ready in {} ms (log {})", component, (System.nanoTime() - beginNanos) / 1_000_000, logLocation);
    }
}
