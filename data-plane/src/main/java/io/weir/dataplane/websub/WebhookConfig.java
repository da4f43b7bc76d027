package io.weir.dataplane.websub;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The WebSub hub and webhook delivery of an edge node; every key has a default that works for {@code ./weir up}. */
@ConfigMapping(prefix = "weir.gateway.webhook")
public interface WebhookConfig {

    /** Platform key (base64 AES-128/192/256) that encrypts hub.secret; the default is a public development key. */
    @WithDefault(DEV_KEY)
    String secretKey();

    /** Id of {@link #secretKey()}, stored beside each encrypted secret. */
    @WithDefault("dev")
    String keyId();

    /** Lease granted when a subscriber asks for none. */
    @WithDefault("864000")
    int defaultLeaseSeconds();

    /** Longest lease granted; a longer request is cut to it (WebSub lets the hub choose). */
    @WithDefault("2592000")
    int maxLeaseSeconds();

    /** Callback addresses (CIDR) refused; checked after resolving the host name. */
    @WithDefault("127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7,169.254.0.0/16,fe80::/10,0.0.0.0/8,::/128")
    List<String> denyCidrs();

    /** Callback addresses (CIDR) allowed even if a deny range holds them (e.g. 127.0.0.1/32 in tests); "none" = no exception. */
    @WithDefault("none")
    List<String> allowCidrs();

    /** How long the hub waits for a callback's intent verification answer. */
    @WithDefault("10s")
    Duration verifyTimeout();

    /** Largest body accepted by the publish endpoint (and by hub requests). */
    @WithDefault("1048576")
    long maxContentBytes();

    /** Whether this node fans published content out and delivers it (off = hub and publish endpoints only). */
    @WithDefault("true")
    boolean deliveryEnabled();

    /** Time a callback has to answer one delivery POST. */
    @WithDefault("10s")
    Duration deliveryTimeout();

    /** Attempts per delivery (first try included) before it is dead-lettered. */
    @WithDefault("8")
    int maxAttempts();

    /** Backoff cap before the first retry; doubles per attempt, full jitter. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Largest backoff between two attempts. */
    @WithDefault("10m")
    Duration maxBackoff();

    /** Consecutive dead-lettered deliveries after which the hub disables the subscription. */
    @WithDefault("3")
    int disableAfterFailures();

    /** Dispatch records held by a node (queued, in flight or waiting to retry) before it pauses its partitions. */
    @WithDefault("10000")
    int maxInFlight();

    /** How soon the group notices a node that died (Kafka session timeout of the fan-out and delivery consumers). */
    @WithDefault("45s")
    Duration sessionTimeout();

    /** Dispatches the fan-out writes per Kafka transaction (about: a record's dispatches are never split); delivery sees each transaction once committed. */
    @WithDefault("1000")
    int fanOutTransactionDispatches();

    /** How long a callback's allow/deny verdict (host resolved and checked) is reused by delivery attempts; 0s = every attempt. */
    @WithDefault("5s")
    Duration callbackCheckTtl();

    /** Event loops the subscriptions' delivery lanes are spread over (a subscription stays on one); 0 = all of the node's. */
    @WithDefault("0")
    int deliveryLoops();

    /** HTTP/1.1 keep-alive connections to one callback host and port, at most (one delivery in flight per connection). */
    @WithDefault("128")
    int callbackConnections();

    /** Base URL subscribers reach this hub at, for the Link header of deliveries (rel=hub, rel=self). */
    @WithDefault("http://127.0.0.1:8000")
    String publicUrl();

    /** The public development key: never use it outside ./weir up (a warning is logged when it is). */
    String DEV_KEY = "d2Vpci1kZXYtd2ViaG9vay1rZXktMzItYnl0ZXMhISE=";
}
