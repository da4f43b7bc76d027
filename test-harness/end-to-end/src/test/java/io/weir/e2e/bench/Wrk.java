package io.weir.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's wrk and reads its figures: requests per second and the latency distribution. */
final class Wrk {

    /** One run's figures; latencies in milliseconds. */
    record Result(double requestsPerSecond, double p50, double p99, long non2xx) {
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

    private Wrk() {
    }

    static Result run(String url, String apiKey, int connections, int seconds, String cpus)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.addAll(List.of("wrk", "-t", "2", "-c", Integer.toString(connections), "-d", seconds + "s", "--latency"));
        if (apiKey != null) {
            command.addAll(List.of("-H", "apikey: " + apiKey));
        }
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        Matcher rps = RPS.matcher(output);
        if (!rps.find()) {
            throw new IllegalStateException("no Requests/sec in wrk output:\n" + output);
        }
        Matcher non2xx = NON_2XX.matcher(output);
        return new Result(Double.parseDouble(rps.group(1)), percentile(output, "50%"), percentile(output, "99%"),
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0);
    }

    private static double percentile(String output, String label) {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
                .matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no " + label + " latency in wrk output:\n" + output);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
