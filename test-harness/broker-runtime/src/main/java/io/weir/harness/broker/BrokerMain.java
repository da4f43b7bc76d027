package io.weir.harness.broker;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the harness' Kafka broker JVM: optionally formats the KRaft storage, arms the orphan
 * guard, then hands over to {@code kafka.Kafka}.
 *
 * <p>System properties:
 * <ul>
 *   <li>{@code weir.formatClusterId} — format the log dirs with this cluster id first
 *       ({@code kafka.tools.StorageTool format --ignore-formatted}, so an already formatted dir is kept);
 *       done in this JVM to save a second JVM start on small machines.</li>
 *   <li>{@code weir.orphanGuard=true} with {@code weir.watchPid=<pid>} — exit when that process ends.
 *       The pid is passed explicitly because our parent may be a short-lived launcher, not the test JVM.</li>
 * </ul>
 *
 * <p>This class must stay self-contained (no other harness class): the harness copies its bytes next to
 * the broker classpath at run time.
 */
public final class BrokerMain {

    /** Shutdown hooks (Kafka's controlled shutdown) get this long before the JVM is halted. */
    private static final long HALT_AFTER_SECONDS = 20;

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BrokerMain <server.properties>");
            System.exit(2);
        }
        if (Boolean.getBoolean("weir.orphanGuard")) {
            guardAgainstOrphaning();
        }
        String clusterId = System.getProperty("weir.formatClusterId");
        if (clusterId != null && !clusterId.isBlank()) {
            format(clusterId, args[0]);
        }
        kafka.Kafka.main(args);
    }

    private static void format(String clusterId, String serverProperties) {
        PrintStream out = System.out;
        int exit = kafka.tools.StorageTool.execute(
                new String[] {"format", "--ignore-formatted", "-t", clusterId, "-c", serverProperties}, out);
        if (exit != 0) {
            System.err.println("kafka.tools.StorageTool format failed with exit code " + exit);
            System.exit(exit);
        }
    }

    private static void guardAgainstOrphaning() {
        String watched = System.getProperty("weir.watchPid");
        ProcessHandle target = watched == null
                ? ProcessHandle.current().parent().orElse(null)
                : ProcessHandle.of(Long.parseLong(watched.trim())).orElse(null);
        if (target == null || !target.isAlive()) {
            System.err.println("orphan guard: watched process " + watched + " is already gone, not starting");
            System.exit(3);
        }
        target.onExit().thenRun(() -> {
            System.err.println("orphan guard: process " + target.pid() + " ended, shutting the broker down");
            Thread halter = new Thread(() -> {
                try {
                    TimeUnit.SECONDS.sleep(HALT_AFTER_SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(4);
            }, "weir-orphan-halt");
            halter.setDaemon(true);
            halter.start();
            System.exit(0);
        });
    }
}
