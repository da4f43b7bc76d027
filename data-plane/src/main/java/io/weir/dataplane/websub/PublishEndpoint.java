package io.weir.dataplane.websub;

import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.dataplane.websub.Channels.Channel;
import io.weir.dataplane.websub.WebSubHandler.Steps;
import io.weir.schema.gateway.GatewayApi;
import io.weir.schema.webhook.WebhookContent;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * {@code POST /{context}/{version}/{topic}} on a WEBSUB API: authenticated and throttled as a
 * request, the body (up to {@code weir.gateway.webhook.max-content-bytes}) becomes one
 * {@link WebhookContent} on weir.webhook.published, key {@code <apiId>/<topic>}. 202 only once
 * Kafka acknowledged it; 503 when it could not be written.
 */
final class PublishEndpoint {

    private final Steps steps;
    private final WebhookConfig config;
    private final WebhookWriters writers;
    private final WebhookMetrics metrics;

    PublishEndpoint(Steps steps, WebhookConfig config, WebhookWriters writers, WebhookMetrics metrics) {
        this.steps = steps;
        this.config = config;
        this.writers = writers;
        this.metrics = metrics;
    }

    void handle(HttpServerRequest request, GatewayApi api, String topic) {
        Channel channel = Channels.find(api, topic).orElse(null);
        WebSubCall call = new WebSubCall(api, channel == null ? "-" : channel.name(), request);
        request.response().endHandler(ended -> steps.recorder().record(call.invocation(steps.node().environment(),
                steps.node().nodeId(), request.method().name(), request.response().getStatusCode(), request.bytesRead(),
                request.response().bytesWritten())));
        if (channel == null) {
            refuse(request, call, new GatewayProblem(404, "topic-not-found", "No such topic",
                    "'" + topic + "' is not a channel of this API; it has " + Channels.of(api).keySet() + "."));
            return;
        }
        if (!WebSubHandler.isPost(request)) {
            refuse(request, call, new GatewayProblem(405, "method-not-allowed", "Method not allowed",
                    "Content is published with POST."));
            return;
        }
        GatewayProblem refused = call.admit(steps.authenticator(), steps.throttling(), steps.state(), channel, request);
        if (refused != null) {
            refuse(request, call, refused);
            return;
        }
        RequestBody.read(request, config.maxContentBytes()).onComplete(read -> {
            if (read.failed()) {
                refuse(request, call, read.cause() instanceof RequestBody.TooLarge
                        ? new GatewayProblem(413, "body-too-large", "Request too large",
                        "Published content may be at most " + config.maxContentBytes() + " bytes.")
                        : new GatewayProblem(400, "body-invalid", "Invalid body", "The request body could not be read."));
                return;
            }
            String type = request.getHeader("Content-Type");
            WebhookContent content = WebhookContent.newBuilder().setContentId(call.invocationId)
                    .setEnvironment(steps.node().environment()).setApiId(api.getApiId()).setTopic(channel.name())
                    .setPayload(ByteBuffer.wrap(read.result().getBytes()))
                    .setContentType(type == null ? "application/octet-stream" : type)
                    .setPublishedAt(Instant.ofEpochMilli(call.startedMillis)).setPublisherApplicationId(call.applicationId())
                    .build();
            writers.publish(content).onComplete(written -> {
                if (written.succeeded()) {
                    metrics.published();
                    request.response().setStatusCode(202).putHeader("X-Weir-Content-Id", call.invocationId).end();
                } else {
                    refuse(request, call, new GatewayProblem(503, "publish-unavailable", "Not accepted",
                            "The content could not be stored now; try again."));
                }
            });
        });
    }

    private static void refuse(HttpServerRequest request, WebSubCall call, GatewayProblem problem) {
        call.errorCode = problem.code();
        if (!request.isEnded()) {
            request.response().putHeader("Connection", "close");
        }
        problem.send(request.response(), request.path(), call.correlationId);
    }
}
