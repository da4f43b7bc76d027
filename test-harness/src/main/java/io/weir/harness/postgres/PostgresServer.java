package io.weir.harness.postgres;

import io.weir.harness.Component;
import io.weir.harness.HarnessSettings;
import io.weir.harness.process.ChildProcess;
import io.weir.harness.process.OrphanGuard;
import io.weir.harness.process.Ports;
import io.weir.harness.process.Started;
import io.weir.harness.process.Processes;
import io.weir.harness.process.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for CDC tests: {@code initdb} into its own directory (as user
 * {@code postgres} when we are root, since initdb refuses root), logical WAL, no fsync, its own port and
 * unix-socket dir, started with {@code pg_ctl -w}. It only ever starts and stops the cluster in its own
 * directory.
 *
 * <p>Layout of its directory: {@code data/} (PGDATA; {@code postgresql.conf} includes
 * {@code weir-runtime.conf}, rewritten each start with port and socket dir) and {@code socket/}.
 */
public final class PostgresServer implements Component {

    public static final String USER = "postgres";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final boolean temporary;
    private final Path bin;
    private final int port;
    private final Path logFile;
    private final ChildProcess watchdog;
    private final long pid;
    private final boolean attached;

    private PostgresServer(Path dir, boolean temporary, Path bin, int port, Path logFile, ChildProcess watchdog,
                           long pid, boolean attached) {
        this.dir = dir;
        this.temporary = temporary;
        this.bin = bin;
        this.port = port;
        this.logFile = logFile;
        this.watchdog = watchdog;
        this.pid = pid;
        this.attached = attached;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A view of a server owned elsewhere in this JVM (see {@link #describe()}); {@link #stop()} is refused. */
    public static PostgresServer attach(Map<String, String> description) {
        return new PostgresServer(Path.of(description.get("dir")), false, null,
                Integer.parseInt(description.get("port")), null, null, Long.parseLong(description.get("pid")), true);
    }

    @Override
    public Map<String, String> describe() {
        return Map.of("dir", dir.toString(), "port", String.valueOf(port), "pid", String.valueOf(pid));
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Superuser {@code postgres}, trust authentication (any or no password). */
    public String user() {
        return USER;
    }

    public String database() {
        return "postgres";
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
    public String jdbcUrl() {
        return jdbcUrl(database());
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** The postmaster's pid. */
    @Override
    public long pid() {
        return pid;
    }

    /** PGDATA. */
    public Path dataDir() {
        return dir.resolve("data");
    }

    public Path socketDir() {
        return dir.resolve("socket");
    }

    public Path logFile() {
        return logFile;
    }

    @Override
    public boolean isRunning() {
        return Processes.isRunning(pid);
    }

    /** {@code pg_ctl stop -m fast}; a temporary cluster is deleted. */
    @Override
    public void stop() {
        if (attached) {
            throw new IllegalStateException("this PostgresServer is attached to a server owned by another class loader");
        }
        if (watchdog != null) {
            watchdog.stop(Duration.ofSeconds(5));
        }
        if (Files.exists(dataDir().resolve("postmaster.pid"))) {
            ChildProcess.run("pg_ctl stop", Commands.asPostgres(bin.resolve("pg_ctl").toString(), "-D",
                    dataDir().toString(), "-m", "fast", "-w", "-t", "30", "stop"), dir, commandLog(dir), COMMAND_TIMEOUT);
        }
        if (temporary) {
            WorkDirs.deleteRecursively(dir);
        }
    }


    @Override
    public String toString() {
        return "PostgresServer[" + jdbcUrl() + ", pid " + pid + "]";
    }

    private static Path commandLog(Path dir) {
        return dir.resolve("commands.log");
    }

    /** Options; every one has a default. */
    public static final class Builder {
        private int port;
        private Path dataDir;
        private Path logFile;
        private boolean orphanGuard = true;
        private long watchPid = OrphanGuard.currentPid();
        private Path binDir;

        /** 0 (default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Persistent cluster directory, initialised only once; default a fresh temp dir deleted on stop. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Where the server writes its log; it runs as user postgres, so the file must be reachable by that user. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        /** A watchdog runs {@code pg_ctl stop -m immediate} when the watched JVM dies (default on). */
        public Builder orphanGuard(boolean orphanGuard) {
            this.orphanGuard = orphanGuard;
            return this;
        }

        public Builder watchPid(long watchPid) {
            this.watchPid = watchPid;
            return this;
        }

        /** Folder of {@code initdb}/{@code pg_ctl}; default found by {@code PostgresBinaries}. */
        public Builder binDir(Path binDir) {
            this.binDir = binDir;
            return this;
        }

        public PostgresServer start() {
            long begin = System.nanoTime();
            Path bin = binDir != null ? binDir : PostgresBinaries.locate();
            int serverPort = Ports.resolve(port);
            boolean temporary = dataDir == null;
            Path dir = temporary ? WorkDirs.createTemp("weir-pg-") : WorkDirs.create(dataDir.toAbsolutePath());
            Path data = dir.resolve("data");
            Path socket = WorkDirs.create(dir.resolve("socket"));
            // the server writes its log as user postgres, who may not be able to reach the harness log
            // dir (a CI checkout under a private temp dir): keep it in the cluster's own folder
            Path log = logFile != null ? logFile : dir.resolve("postgres-" + serverPort + ".log");
            try {
                if (Files.exists(data.resolve("postmaster.pid"))) {
                    throw new IllegalStateException("a PostgreSQL server already runs on " + data
                            + " (postmaster.pid exists): not touching it");
                }
                touch(log);
                touch(commandLog(dir));
                if (Commands.runningAsRoot()) {
                    Ownership.giveToPostgres(dir, log);
                }
                if (!Files.exists(data.resolve("PG_VERSION"))) {
                    ChildProcess.run("initdb", Commands.asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(),
                            "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"), dir, commandLog(dir),
                            COMMAND_TIMEOUT);
                    Files.writeString(data.resolve("postgresql.conf"), PostgresConfig.STATIC, StandardOpenOption.APPEND);
                }
                Files.writeString(data.resolve(PostgresConfig.RUNTIME_FILE), PostgresConfig.runtime(serverPort, socket));
                if (Commands.runningAsRoot()) {
                    Ownership.giveToPostgres(data.resolve(PostgresConfig.RUNTIME_FILE));
                }
                ChildProcess.run("pg_ctl start", Commands.asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                        "-l", log.toString(), "-w", "-t", "30", "start"), dir, commandLog(dir), COMMAND_TIMEOUT);
            } catch (IOException e) {
                cleanUpFailedStart(temporary, dir);
                throw new UncheckedIOException("cannot set up PostgreSQL in " + dir, e);
            } catch (RuntimeException e) {
                cleanUpFailedStart(temporary, dir);
                throw new IllegalStateException(e.getMessage() + "\nserver log " + log + ":\n" + ChildProcess.tail(log, 20), e);
            }
            long postmaster = postmasterPid(data);
            ChildProcess watchdog = orphanGuard ? startWatchdog(dir, data, bin, temporary, serverPort) : null;
            PostgresServer server = new PostgresServer(dir, temporary, bin, serverPort, log, watchdog, postmaster, false);
            Started.log(server, begin, log);
            return server;
        }

        private ChildProcess startWatchdog(Path dir, Path data, Path bin, boolean temporary, int serverPort) {
            String pidFile = OrphanGuard.shellQuote(data.resolve("postmaster.pid").toString());
            List<String> stop = Commands.asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                    "-m", "immediate", "-w", "-t", "30", "stop");
            StringBuilder onOrphaned = new StringBuilder();
            stop.forEach(arg -> onOrphaned.append(OrphanGuard.shellQuote(arg)).append(' '));
            if (temporary) {
                onOrphaned.append("\nrm -rf ").append(OrphanGuard.shellQuote(dir.toString()));
            }
            return OrphanGuard.startWatchdog("postgres-watchdog", watchPid, "[ -f " + pidFile + " ]",
                    onOrphaned.toString(), dir, HarnessSettings.logFile(dir, "postgres-" + serverPort + "-watchdog.log"));
        }

        private static void cleanUpFailedStart(boolean temporary, Path dir) {
            if (temporary) {
                try {
                    WorkDirs.deleteRecursively(dir);
                } catch (RuntimeException ignored) {
                    // the original failure matters more
                }
            }
        }

        private static void touch(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        }
    }

    private static long postmasterPid(Path data) {
        try (Stream<String> lines = Files.lines(data.resolve("postmaster.pid"))) {
            return Long.parseLong(lines.findFirst().orElseThrow().trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + data.resolve("postmaster.pid"), e);
        }
    }

    /** Commands run as user {@code postgres} when we are root. */
    static final class Commands {
        private Commands() {
        }

        static boolean runningAsRoot() {
            try {
                return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
            } catch (IOException | UnsupportedOperationException e) {
                return "root".equals(System.getProperty("user.name"));
            }
        }

        static List<String> asPostgres(String... command) {
            List<String> full = new ArrayList<>();
            if (runningAsRoot()) {
                full.addAll(List.of("runuser", "-u", USER, "--"));
            }
            full.addAll(List.of(command));
            return full;
        }
    }

    /** chown to {@code postgres}, which must own PGDATA and write the log. */
    static final class Ownership {
        private Ownership() {
        }

        static void giveToPostgres(Path... roots) throws IOException {
            UserPrincipalLookupService lookup = Path.of("/").getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user;
            GroupPrincipal group;
            try {
                user = lookup.lookupPrincipalByName(USER);
                group = lookup.lookupPrincipalByGroupName(USER);
            } catch (UserPrincipalNotFoundException e) {
                throw new IllegalStateException("no user `postgres`: install the Debian package `postgresql`", e);
            }
            for (Path root : roots) {
                try (Stream<Path> paths = Files.walk(root)) {
                    for (Path path : (Iterable<Path>) paths::iterator) {
                        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                        view.setOwner(user);
                        view.setGroup(group);
                    }
                }
            }
        }
    }
}
