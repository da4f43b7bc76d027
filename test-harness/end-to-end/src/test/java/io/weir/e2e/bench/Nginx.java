package io.weir.e2e.bench;

import io.weir.harness.process.Ports;
import io.weir.harness.process.WorkDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Debian nginx started by hand for the gateway benchmark: either the static backend (1 KiB
 * answers) or a plain reverse proxy in front of it with upstream keep-alive - the yardstick the
 * gateway is compared with. Optionally pinned to CPUs with taskset.
 */
final class Nginx implements AutoCloseable {

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Nginx backend(int port, String body, String cpus) throws IOException {
        String server = """
                server {
                    listen 127.0.0.1:%d reuseport backlog=4096;
                    keepalive_requests 1000000;
                    location / { default_type application/json; return 200 '%s'; }
                }
                """.formatted(port, body);
        return start(server, port, cpus);
    }

    static Nginx proxy(int upstreamPort, String cpus) throws IOException {
        int port = Ports.freePort();
        String server = """
                upstream backend { server 127.0.0.1:%d; keepalive 128; keepalive_requests 1000000; }
                server {
                    listen 127.0.0.1:%d reuseport backlog=4096;
                    keepalive_requests 1000000;
                    location / {
                        proxy_pass http://backend;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                    }
                }
                """.formatted(upstreamPort, port);
        return start(server, port, cpus);
    }

    private static Nginx start(String server, int port, String cpus) throws IOException {
        Path prefix = WorkDirs.createTemp("weir-bench-nginx-");
        Files.createDirectories(prefix.resolve("logs"));
        String config = """
                worker_processes auto;
                pid %s/nginx.pid;
                error_log %s/logs/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    client_body_temp_path %s/body;
                    proxy_temp_path %s/proxy;
                    %s
                }
                """.formatted(prefix, prefix, prefix, prefix, server);
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, config);
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.addAll(List.of("nginx", "-p", prefix.toString(), "-c", conf.toString(), "-g", "daemon off;"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        Nginx nginx = new Nginx(process, port);
        org.awaitility.Awaitility.await().alias("nginx listens on " + port).atMost(Duration.ofSeconds(10))
                .until(() -> !Ports.isFree(port));
        return nginx;
    }

    int port() {
        return port;
    }

    /** The master process (its workers are its children). */
    long pid() {
        return process.pid();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
