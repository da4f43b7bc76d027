package io.weir.harness.process;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Runs another program's {@code main} in a JVM that ends when a watched process ends, so a child JVM
 * never outlives the test JVM that started it (even after {@code kill -9}).
 *
 * <p>Usage: {@code java -Dweir.watchPid=<pid> -cp <guard dir>:<app classpath> io.weir.harness.process.OrphanGuardMain
 * <main class> [args...]}. When the watched process ends, {@code System.exit(0)} runs the program's
 * shutdown hooks (a graceful stop); the JVM is halted if they take longer than 20 s.
 *
 * <p>Self-contained on purpose: {@link OrphanGuard} copies only this class file next to the child's classpath.
 */
public final class OrphanGuardMain {

    private OrphanGuardMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: OrphanGuardMain <main class> [args...]");
            System.exit(2);
        }
        String watched = System.getProperty("weir.watchPid");
        ProcessHandle target = watched == null ? null : ProcessHandle.of(Long.parseLong(watched.trim())).orElse(null);
        if (target == null || !target.isAlive()) {
            System.err.println("orphan guard: watched process " + watched + " is gone, not starting " + args[0]);
            System.exit(3);
        }
        target.onExit().thenRun(() -> {
            System.err.println("orphan guard: process " + target.pid() + " ended, stopping " + args[0]);
            Thread halter = new Thread(() -> {
                try {
                    TimeUnit.SECONDS.sleep(20);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                Runtime.getRuntime().halt(4);
            }, "weir-orphan-halt");
            halter.setDaemon(true);
            halter.start();
            System.exit(0);
        });
        Class<?> mainClass = Class.forName(args[0], true, ClassLoader.getSystemClassLoader());
        try {
            mainClass.getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
