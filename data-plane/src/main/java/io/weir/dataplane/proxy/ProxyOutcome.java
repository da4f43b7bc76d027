package io.weir.dataplane.proxy;

/** How forwarding one request ended. */
public sealed interface ProxyOutcome permits ProxyOutcome.Relayed, ProxyOutcome.Failed {

    /** The backend answered; its status and the time to its response head, in microseconds. */
    record Relayed(int status, long backendMicros) implements ProxyOutcome {
    }

    /** Nothing usable came back: {@code status} is 413, 502 or 504 with a stable code. */
    record Failed(int status, String code, String detail, long backendMicros) implements ProxyOutcome {
    }
}
