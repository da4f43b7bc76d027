package io.weir.harness.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about processes that are not necessarily our children. */
public final class Processes {

    private Processes() {
    }

    /**
     * Whether {@code pid} runs. Unlike {@link ProcessHandle#isAlive()} a zombie counts as gone: a daemon
     * such as the postmaster is re-parented to init, which may reap it only a while after it exited.
     */
    public static boolean isRunning(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        if (!Files.exists(stat)) {
            return true; // no procfs: trust ProcessHandle
        }
        try {
            String content = Files.readString(stat);
            int end = content.lastIndexOf(')');
            char state = content.charAt(end + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
