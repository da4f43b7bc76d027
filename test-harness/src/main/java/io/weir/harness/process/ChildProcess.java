package io.weir.harness.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A child process of the harness: stdout and stderr go to one log file, stdin is {@code /dev/null}
 * (so nothing ever blocks on a pipe, even after the harness JVM died), and it stops gracefully
 * (SIGTERM, then SIGKILL after a grace period).
 */
public final class ChildProcess {

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command} in {@code workDir}, appending its output to {@code logFile}. */
    public static ChildProcess start(String name, List<String> command, Path workDir, Path logFile,
                                     Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        try {
            return new ChildProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /**
     * Runs a short command to completion; fails with its output when it exits non-zero or outlasts
     * {@code timeout}.
     */
    public static void run(String name, List<String> command, Path workDir, Path logFile, Duration timeout) {
        ChildProcess child = start(name, command, workDir, logFile, Map.of());
        try {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                child.process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout + "\n" + child.logTail(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
        if (child.process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit code " + child.process.exitValue()
                    + ": " + String.join(" ", command) + "\n" + child.logTail(30));
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Fails with the log tail when the process has exited, e.g. while waiting for it to become ready. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue()
                    + " (log " + logFile + "):\n" + logTail(40));
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. Returns once the process is gone. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The last lines of the log, for error messages. */
    public String logTail(int maxLines) {
        return tail(logFile, maxLines);
    }

    public static String tail(Path file, int maxLines) {
        if (file == null || !Files.isReadable(file)) {
            return "(no log)";
        }
        Deque<String> lines = new ArrayDeque<>();
        try (Stream<String> stream = Files.lines(file, StandardCharsets.UTF_8)) {
            stream.forEach(line -> {
                lines.addLast(line);
                if (lines.size() > maxLines) {
                    lines.removeFirst();
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
        return String.join("\n", lines);
    }

    @Override
    public String toString() {
        return name + "[pid " + pid() + "]";
    }
}
