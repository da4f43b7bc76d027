package io.weir.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code ./weir up} started, by PID, so that {@code down} stops exactly that and nothing else.
 * A PID is trusted only while the process behind it still carries the platform's home directory in
 * its command line: a recycled PID belongs to someone else and is never signalled.
 */
final class LocalState {

    /** One started (or attached) component. {@code pid} is -1 for an external one. */
    record Entry(String name, long pid, String url, String healthUrl) {
    }

    private final Path file;
    private final Properties properties = new Properties();

    private LocalState(Path file) {
        this.file = file;
    }

    static LocalState load(Path file) {
        LocalState state = new LocalState(file);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                state.properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return state;
    }

    void put(Entry entry) {
        String order = properties.getProperty("components", "");
        if (!List.of(order.split(",")).contains(entry.name())) {
            properties.setProperty("components", order.isEmpty() ? entry.name() : order + "," + entry.name());
        }
        properties.setProperty(entry.name() + ".pid", Long.toString(entry.pid()));
        properties.setProperty(entry.name() + ".url", entry.url());
        properties.setProperty(entry.name() + ".health", entry.healthUrl() == null ? "" : entry.healthUrl());
        save();
    }

    void put(String key, String value) {
        properties.setProperty(key, value);
        save();
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(properties.getProperty(key)).filter(v -> !v.isEmpty());
    }

    /** Components in start order. */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (String name : properties.getProperty("components", "").split(",")) {
            if (!name.isEmpty()) {
                entries.add(new Entry(name, Long.parseLong(properties.getProperty(name + ".pid", "-1")),
                        properties.getProperty(name + ".url", ""), properties.getProperty(name + ".health", "")));
            }
        }
        return entries;
    }

    void clear() {
        properties.clear();
        save();
    }

    /** The live process of an entry, only if it is still the one we started. */
    Optional<ProcessHandle> ownedProcess(Entry entry, Path home) {
        if (entry.pid() <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(entry.pid())
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(home.toString())).orElse(false));
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, "components started by ./weir up; ./weir down stops them");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
