package io.weir.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code ./weir status}: each component, whether its process lives, and what its readiness endpoint says. */
final class PlatformStatus {

    private final LocalLayout layout;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PlatformStatus(LocalLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
    }

    /** @return true when every component started by {@code up} is running and ready */
    boolean run() {
        LocalState state = LocalState.load(layout.stateFile());
        if (state.entries().isEmpty()) {
            out.println("Weir is not running here (./weir up starts it)");
            return false;
        }
        boolean allReady = true;
        for (LocalState.Entry entry : state.entries()) {
            String process;
            if (entry.pid() <= 0) {
                process = "external";
            } else if (state.ownedProcess(entry, layout.home()).isPresent()) {
                process = "running (pid " + entry.pid() + ")";
            } else {
                process = "NOT RUNNING";
                allReady = false;
            }
            String health = entry.healthUrl().isEmpty() ? "" : readiness(entry.healthUrl());
            if (!health.isEmpty() && !health.equals("ready")) {
                allReady = false;
            }
            out.printf("  %-18s %-22s %-10s %s%n", entry.name(), process, health, entry.url());
        }
        return allReady;
    }

    private String readiness(String url) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? "ready" : "not ready (" + response.statusCode() + ")";
        } catch (IOException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
