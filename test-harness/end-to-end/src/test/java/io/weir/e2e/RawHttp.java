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

    private RawHttp() {
    }

    /**
     * The status and problem code of an answer after which the node closes the connection (a request it could
     * not read), as {@code "400 request-malformed"}.
     */
    static String refusalOf(QuarkusApp node, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher code = PROBLEM_CODE.matcher(answer);
            String[] statusLine = answer.split("\r\n", 2)[0].split(" ");
            return (statusLine.length < 2 ? "?" : statusLine[1]) + " " + (code.find() ? code.group(1) : "(no problem body)");
        }
    }

    static int statusOf(QuarkusApp node, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            String[] parts = line.toString().trim().split(" ");
            if (parts.length < 2) {
                throw new IOException("no status line in the answer: '" + line + "'");
            }
            return Integer.parseInt(parts[1]);
        }
    }
}
