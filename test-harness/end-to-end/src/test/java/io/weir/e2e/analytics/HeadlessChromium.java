package io.weir.e2e.analytics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as a person's browser would render a page: the DOM after its
 * scripts ran ({@code --dump-dom}) and a screenshot. Virtual time lets the page's fetches and
 * rendering finish before the dump.
 */
final class HeadlessChromium {

    static final Path BINARY = Path.of(System.getProperty("weir.chromium", "/usr/bin/chromium"));

    private HeadlessChromium() {
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** The rendered DOM of {@code url}. */
    static String dumpDom(String url) throws IOException, InterruptedException {
        return run(url, "--dump-dom");
    }

    static void screenshot(String url, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        run(url, "--screenshot=" + file.toAbsolutePath());
    }

    private static String run(String url, String what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("weir-chromium-");
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=1400,1150", "--virtual-time-budget=20000", what, url));
        Path output = Files.createTempFile("weir-chromium-", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish rendering " + url + " within 90 s");
        }
        return Files.readString(output);
    }
}
