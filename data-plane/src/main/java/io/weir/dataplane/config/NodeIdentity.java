package io.weir.dataplane.config;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who this node is: the environment it serves and its id within it, fixed for the process. */
@Singleton
public class NodeIdentity {

    private final String environment;
    private final String nodeId;
    private final long startedAt = System.currentTimeMillis();

    @Inject
    public NodeIdentity(GatewayConfig config) {
        this(config.environment(), config.nodeId().orElseGet(NodeIdentity::hostAndPid));
    }

    public NodeIdentity(String environment, String nodeId) {
        this.environment = environment;
        this.nodeId = nodeId;
    }

    public String environment() {
        return environment;
    }

    public String nodeId() {
        return nodeId;
    }

    public long startedAt() {
        return startedAt;
    }

    private static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
