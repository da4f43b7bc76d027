package io.weir.harness.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keeps child processes from outliving the JVM that started them (the "watched" JVM).
 *
 * <ul>
 *   <li>Java children run their main through {@link OrphanGuardMain} (or, for the broker, {@code BrokerMain}),
 *       which exits when the watched pid ends: no extra process.</li>
 *   <li>Anything else gets a watchdog: a small {@code sh} loop that polls the watched pid once a second
 *       and runs a stop command when it is gone. It ends by itself once the guarded thing is gone.</li>
 * </ul>
 */
public final class OrphanGuard {

    private static final String GUARD_CLASS = OrphanGuardMain.class.getName().replace('.', '/') + ".class";

    private OrphanGuard() {
    }

    /** The pid child processes should watch by default: this JVM. */
    public static long currentPid() {
        return ProcessHandle.current().pid();
    }

    /** Copies {@link OrphanGuardMain} below {@code dir} and returns {@code dir}, a classpath entry. */
    public static Path guardClasspath(Path dir) {
        WorkDirs.copyResource(OrphanGuardMain.class, GUARD_CLASS, dir);
        return dir;
    }

    public static String guardMainClass() {
        return OrphanGuardMain.class.getName();
    }

    /**
     * Starts a watchdog: while {@code watchedPid} is alive and {@code stillNeeded} (a shell condition)
     * holds, it sleeps; when the watched pid is gone it runs {@code onOrphaned} (a shell command).
     * SIGINT/SIGHUP are ignored so a Ctrl-C that kills the JVM does not also kill its watchdog.
     */
    public static ChildProcess startWatchdog(String name, long watchedPid, String stillNeeded, String onOrphaned,
                                             Path workDir, Path logFile) {
        String script = "trap '' INT HUP\n"
                + "while kill -0 " + watchedPid + " 2>/dev/null; do\n"
                + "  " + stillNeeded + " || exit 0\n"
                + "  sleep 1\n"
                + "done\n"
                + "echo \"watchdog: pid " + watchedPid + " is gone, running: $0\"\n"
                + onOrphaned + "\n";
        return ChildProcess.start(name, List.of("sh", "-c", script, name), workDir, logFile, Map.of());
    }

    /** Quotes {@code value} for {@code sh}. */
    public static String shellQuote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
