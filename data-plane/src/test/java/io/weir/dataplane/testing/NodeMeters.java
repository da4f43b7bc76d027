package io.weir.dataplane.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A node's Prometheus meters at {@code /q/metrics}, read once: sums of the lines of one meter. */
public final class NodeMeters {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String text;

    private NodeMeters(String text) {
        this.text = text;
    }

    public static NodeMeters of(String nodeUrl) {
        try {
            return new NodeMeters(HTTP.send(HttpRequest.newBuilder(URI.create(nodeUrl + "/q/metrics")).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException("metrics of " + nodeUrl + " unreadable", e);
        }
    }

    /** Keeps the whole text (e.g. under target/) for a closer look after a run. */
    public void saveTo(java.nio.file.Path file) {
        try {
            java.nio.file.Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The sum over the samples of meter {@code name} whose labels include every one of {@code labels} (e.g. {@code protocol="ws"}). */
    public double sum(String name, String... labels) {
        return text.lines().filter(line -> line.startsWith(name) && line.length() > name.length()
                        && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' '))
                .filter(line -> java.util.Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
