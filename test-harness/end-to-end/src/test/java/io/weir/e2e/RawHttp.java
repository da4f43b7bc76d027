package io.weir.e2e;

import io.weir.harness.app.QuarkusApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends bytes no well-behaved HTTP client would (malformed headers) and reads the status code back. */
final class RawHttp {

    private RawHttp() {
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
