package io.weir.e2e;

import io.weir.harness.app.QuarkusApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sends bytes no well-behaved HTTP client would (malformed headers) and reads the status code back. */
final class RawHttp {

    private static final Pattern PROBLEM_CODE = Pattern.compile("\"code\":\"([^\"]+)\"");

    private interface Answer<T> {
        T read(InputStream in) throws IOException;
    }

    private RawHttp() {
    }

    /**
     * The status and problem code of an answer after which the node closes the connection (a request it could
     * not read), as {@code "400 request-malformed"}.
     */
    static String refusalOf(QuarkusApp node, String request) throws IOException {
        String answer = exchange(node, request, in -> new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        Matcher code = PROBLEM_CODE.matcher(answer);
        String[] statusLine = answer.split("\r\n", 2)[0].split(" ");
        return (statusLine.length < 2 ? "?" : statusLine[1]) + " " + (code.find() ? code.group(1) : "(no problem body)");
    }

    /** The status code of the answer; the connection may stay open. */
    static int statusOf(QuarkusApp node, String request) throws IOException {
        String line = exchange(node, request, in -> {
            StringBuilder read = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                read.append((char) c);
            }
            return read.toString();
        });
        String[] parts = line.trim().split(" ");
        if (parts.length < 2) {
            throw new IOException("no status line in the answer: '" + line + "'");
        }
        return Integer.parseInt(parts[1]);
    }

    private static <T> T exchange(QuarkusApp node, String request, Answer<T> answer) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return answer.read(socket.getInputStream());
        }
    }
}
