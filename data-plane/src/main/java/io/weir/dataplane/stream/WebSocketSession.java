package io.weir.dataplane.stream;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.weir.dataplane.auth.Authentication;
import io.weir.dataplane.edge.revalidation.Revocation;
import io.weir.dataplane.throttle.Throttling.Admission;
import io.weir.schema.api.AuthScheme;
import io.weir.schema.api.ChannelOperation;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.invocation.MessageDirection;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One WebSocket client of a STREAM API and its channel subscriptions. Client frames are
 * {@link ClientFrame}s; the server answers {@code subscribed}, {@code unsubscribed}, {@code ack}
 * (a publish written: partition, offset), {@code message} (a record) and {@code error} (code,
 * message) frames. Closes: 1009 for a message over the limit, 1008 when a message in either
 * direction is throttled (the reason names the policy and the retry-after) or its caller would now be
 * refused (the reason is the refusal's code, see {@link Revocation}), 1013 for a slow consumer.
 */
final class WebSocketSession implements StreamSink {

    record Services(TopicTails tails, CatchUpReaders readers, ChannelPublisher publisher, StreamConfig config,
                    StreamMetrics metrics, long defaultMaxBytes) {
    }

    private final ServerWebSocket socket;
    private final GatewayApi api;
    private final StreamConnection connection;
    private final Services services;
    private final Vertx vertx;
    private final Context context;
    private final long maxBytes;
    private final Map<String, StreamSubscription> subscriptions = new HashMap<>();
    private final ServerFrames frames;
    private long flushTimer;

    WebSocketSession(ServerWebSocket socket, GatewayApi api, StreamConnection connection, Services services, Vertx vertx) {
        this.socket = socket;
        this.api = api;
        this.connection = connection;
        this.services = services;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.frames = new ServerFrames(socket);
        this.maxBytes = api.getMaxRequestBytes() != null ? api.getMaxRequestBytes()
                : Math.min(services.config().maxFrameBytes(), services.defaultMaxBytes());
    }

    void start(ChannelRoute pathChannel, StartPoint start) {
        socket.textMessageHandler(this::onText);
        socket.binaryMessageHandler(b -> error(null, null, "frame-invalid", "Frames are JSON text."));
        socket.closeHandler(v -> closed());
        flushTimer = vertx.setPeriodic(services.config().messageRecordInterval().toMillis(), t -> connection.flush());
        if (pathChannel != null && pathChannel.allows(ChannelOperation.SUBSCRIBE)) {
            subscribe(null, pathChannel, start, RecordFilter.ALL);
        }
    }

    private void onText(String text) {
        int bytes = text.length() > maxBytes / 3 ? text.getBytes(StandardCharsets.UTF_8).length : text.length();
        if (bytes > maxBytes) {
            frames.close((short) 1009, "message-too-big", "message over " + maxBytes + " bytes");
            return;
        }
        ClientFrame frame = ClientFrame.parse(text);
        if (frame instanceof ClientFrame.Invalid invalid) {
            error(invalid.id(), null, invalid.code(), invalid.message());
            return;
        }
        String requested = frame instanceof ClientFrame.Subscribe s ? s.channel()
                : frame instanceof ClientFrame.Publish p ? p.channel() : ((ClientFrame.Unsubscribe) frame).channel();
        ChannelRoute channel = ChannelRoute.find(api, requested);
        if (channel == null) {
            error(frame.id(), requested, "channel-not-found", "The API has no channel '" + requested + "'.");
        } else if (frame instanceof ClientFrame.Unsubscribe) {
            unsubscribe(frame.id(), channel);
        } else if (connection.caller() instanceof Authentication.Anonymous && channel.authScheme() != AuthScheme.NONE) {
            error(frame.id(), requested, "credentials-missing", "This channel needs an API key or a token on the handshake.");
        } else if (frame instanceof ClientFrame.Subscribe subscribe) {
            if (!channel.allows(ChannelOperation.SUBSCRIBE)) {
                error(frame.id(), requested, "operation-not-allowed", "Clients may not subscribe to '" + requested + "'.");
                return;
            }
            try {
                subscribe(frame.id(), channel, StartPoint.of(null, subscribe.from()), subscribe.filter());
            } catch (IllegalArgumentException e) {
                error(frame.id(), requested, "from-invalid", e.getMessage());
            }
        } else {
            publish((ClientFrame.Publish) frame, channel, bytes);
        }
    }

    private void subscribe(String id, ChannelRoute channel, StartPoint start, RecordFilter filter) {
        if (subscriptions.containsKey(channel.channel())) {
            error(id, channel.channel(), "already-subscribed", "Already subscribed to '" + channel.channel() + "'.");
            return;
        }
        StreamSubscription subscription = new StreamSubscription(context, channel, start, filter, this,
                services.tails(), services.readers(), services.config().queueCapacity());
        subscriptions.put(channel.channel(), subscription);
        subscription.start(problem -> {
            if (problem != null) {
                subscriptions.remove(channel.channel(), subscription);
                error(id, channel.channel(), "stream-unavailable", problem);
            } else {
                frames.write(new JsonObject().put("type", "subscribed").put("channel", channel.channel()).put("id", id));
            }
        });
    }

    private void unsubscribe(String id, ChannelRoute channel) {
        StreamSubscription subscription = subscriptions.remove(channel.channel());
        if (subscription == null) {
            error(id, channel.channel(), "not-subscribed", "Not subscribed to '" + channel.channel() + "'.");
            return;
        }
        subscription.cancel();
        frames.write(new JsonObject().put("type", "unsubscribed").put("channel", channel.channel()).put("id", id));
    }

    private void publish(ClientFrame.Publish publish, ChannelRoute channel, int bytes) {
        if (!channel.allows(ChannelOperation.PUBLISH)) {
            error(publish.id(), channel.channel(), "operation-not-allowed", "Clients may not publish to '" + channel.channel() + "'.");
            return;
        }
        if (throttled(connection.admit(channel, MessageDirection.INBOUND, bytes))) {
            return;
        }
        String application = connection.caller() instanceof Authentication.Subscribed s ? s.credential().getApplicationId() : "anonymous";
        services.publisher().publish(channel.topic(), publish.key(), publish.payload(), application)
                .whenComplete((metadata, error) -> context.runOnContext(v -> {
                    if (error != null) {
                        error(publish.id(), channel.channel(), "publish-failed", "The message was not written: " + error.getMessage());
                    } else {
                        frames.write(new JsonObject().put("type", "ack").put("id", publish.id()).put("channel", channel.channel())
                                .put("partition", metadata.partition()).put("offset", metadata.offset()));
                    }
                }));
    }

    @Override
    public boolean send(ChannelRoute channel, StreamRecord record, String eventId) {
        if (!frames.open() || throttled(connection.admit(channel, MessageDirection.OUTBOUND, record.bytes()))) {
            return false;
        }
        frames.text(record.messageFrame(channel.quoted()));
        return true;
    }

    private boolean throttled(Admission admission) {
        if (admission == null || admission.admitted()) {
            return false;
        }
        String code = "throttled-" + admission.reason().toLowerCase();
        frames.close((short) 1008, code, code + ": policy " + admission.refusedBy().policy().getName() + ", retry after "
                + Math.max(1, (admission.retryAfterMillis() + 999) / 1000) + "s");
        return true;
    }

    @Override
    public boolean congested() {
        return frames.congested();
    }

    @Override
    public void whenDrained(Runnable drained) {
        frames.whenDrained(drained);
    }

    @Override
    public void fail(ChannelRoute channel, String code, String reason) {
        if ("slow-consumer".equals(code)) {
            services.metrics().slowConsumers.increment();
            frames.close((short) 1013, code, "slow-consumer: more than " + services.config().queueCapacity() + " messages waiting");
            return;
        }
        StreamSubscription subscription = subscriptions.remove(channel.channel());
        if (subscription != null) {
            subscription.cancel();
        }
        error(null, channel.channel(), code, reason);
    }

    /** Its caller would now be refused (revoked key, blocked subscription, API gone): close 1008. */
    void revoke(Revocation revocation) {
        frames.close((short) 1008, revocation.code(), revocation.code());
    }

    private void error(String id, String channel, String code, String message) {
        frames.error(id, channel, code, message);
    }

    private void closed() {
        vertx.cancelTimer(flushTimer);
        subscriptions.values().forEach(StreamSubscription::cancel);
        subscriptions.clear();
        Short status = socket.closeStatusCode();
        connection.closed(status == null ? 1006 : status, frames.closeCode());
    }
}
