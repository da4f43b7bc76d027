package io.weir.e2e.streaming;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain Java Server-Sent Events reader (the event stream format of the HTML standard): one GET,
 * events parsed as their lines arrive, each kept with the time it was read.
 */
public final class SseClient implements AutoCloseable {

    public record Event(String id, String event, String data, long receivedAt) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger();
    private final Thread reader;
    private volatile InputStream body;

    public SseClient(String url, String lastEventId) {
        this(url, lastEventId, java.util.Map.of());
    }

    public SseClient(String url, String lastEventId, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        reader = new Thread(() -> read(request.build()), "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public int status() {
        return status.get();
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status.set(response.statusCode());
            body = response.body();
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String id = null;
            String event = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, event, data.toString(), System.currentTimeMillis()));
                    }
                    event = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("event:")) {
                    event = value(line);
                } else if (line.startsWith("data:")) {
                    data = data == null ? new StringBuilder(value(line)) : data.append('\n').append(value(line));
                }
            }
        } catch (Exception e) {
            // closed by the test, or the connection dropped: the events read so far stay
        }
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void close() throws Exception {
        InputStream stream = body;
        if (stream != null) {
            stream.close();
        }
        reader.interrupt();
    }
}
