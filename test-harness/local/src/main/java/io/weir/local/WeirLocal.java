package io.weir.local;

import java.nio.file.Path;
import java.util.Optional;

/** Entry point of {@code ./weir up|down|status}; the shell script handles building and {@code logs}. */
public final class WeirLocal {

    private WeirLocal() {
    }

    public static void main(String[] args) {
        LocalLayout layout = LocalLayout.of(Path.of(System.getProperty("weir.repo", ".")));
        String command = args.length == 0 ? "help" : args[0];
        try {
            switch (command) {
                case "up" -> new PlatformUp(layout, System.out).run(upOptions(args));
                case "down" -> new PlatformDown(layout, System.out).run();
                case "status" -> System.exit(new PlatformStatus(layout, System.out).run() ? 0 : 3);
                default -> {
                    System.err.println("unknown command '" + command + "': up, down, status");
                    System.exit(2);
                }
            }
        } catch (LocalPlatformException | IllegalStateException | IllegalArgumentException e) {
            System.out.println();
            System.err.println("weir " + command + ": " + e.getMessage());
            System.exit(1);
        }
    }

    static PlatformUp.Options upOptions(String[] args) {
        Optional<String> kafka = Optional.empty();
        Optional<String> registry = Optional.empty();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--kafka" -> kafka = Optional.of(value(args, ++i, "--kafka"));
                case "--registry" -> registry = Optional.of(value(args, ++i, "--registry"));
                default -> throw new LocalPlatformException("unknown option '" + args[i] + "' (see ./weir --help)");
            }
        }
        return new PlatformUp.Options(kafka, registry);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new LocalPlatformException(option + " needs a value");
        }
        return args[i];
    }
}
