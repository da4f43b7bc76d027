package io.weir.dataplane.websub;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.weir.dataplane.http.GatewayProblem;
import io.weir.dataplane.websub.Channels.Channel;
import io.weir.dataplane.websub.WebSubHandler.Steps;
import io.weir.dataplane.websub.callback.CallbackGuard;
import io.weir.dataplane.websub.hub.HubCommands;
import io.weir.dataplane.websub.hub.HubRequest;
import io.weir.dataplane.websub.hub.IntentVerifier;
import io.weir.dataplane.websub.secret.SecretCipher;
import io.weir.schema.gateway.GatewayApi;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * {@code POST /{context}/{version}/hub}: read and validate the form, check the topic is one of the
 * API's channels, authenticate and throttle like a REST call, check the callback against the
 * allow/deny list - then 202 and, asynchronously, intent verification followed by the commands on
 * weir.commands. Any refusal happens before 202, so nothing is subscribed.
 */
final class HubEndpoint {

    private static final Logger LOG = Logger.getLogger(HubEndpoint.class);

    private final Steps steps;
    private final WebhookConfig config;
    private final CallbackGuard guard;
    private final IntentVerifier verifier;
    private final SecretCipher cipher;
    private final HubCommands commands;
    private final WebhookWriters writers;
    private final WebhookMetrics metrics;

    HubEndpoint(Steps steps, WebhookConfig config, CallbackGuard guard, IntentVerifier verifier, SecretCipher cipher,
                HubCommands commands, WebhookWriters writers, WebhookMetrics metrics) {
        this.steps = steps;
        this.config = config;
        this.guard = guard;
        this.verifier = verifier;
        this.cipher = cipher;
        this.commands = commands;
        this.writers = writers;
        this.metrics = metrics;
    }

    void handle(HttpServerRequest request, GatewayApi api) {
        WebSubCall call = new WebSubCall(api, "/hub", request);
        request.response().endHandler(ended -> steps.recorder().record(call.invocation(steps.node().environment(),
                steps.node().nodeId(), "POST", request.response().getStatusCode(), request.bytesRead(),
                request.response().bytesWritten())));
        if (!WebSubHandler.isPost(request)) {
            refuse(request, call, new GatewayProblem(405, "method-not-allowed", "Method not allowed", "The hub accepts POST only."));
            return;
        }
        RequestBody.read(request, config.maxContentBytes()).onComplete(read -> {
            if (read.failed()) {
                refuse(request, call, read.cause() instanceof RequestBody.TooLarge
                        ? new GatewayProblem(413, "body-too-large", "Request too large", "The hub request is too large.")
                        : new GatewayProblem(400, "body-invalid", "Invalid body", "The request body could not be read."));
                return;
            }
            HubRequest.Parsed parsed = HubRequest.parse(read.result().toString(StandardCharsets.UTF_8),
                    config.defaultLeaseSeconds(), config.maxLeaseSeconds());
            if (parsed instanceof HubRequest.Invalid invalid) {
                refuse(request, call, new GatewayProblem(400, "hub-field-invalid", "Invalid " + invalid.field(), invalid.detail()));
                return;
            }
            accept(request, call, api, ((HubRequest.Valid) parsed).request());
        });
    }

    private void accept(HttpServerRequest request, WebSubCall call, GatewayApi api, HubRequest hubRequest) {
        Channel channel = Channels.find(api, hubRequest.topic()).orElse(null);
        if (channel == null) {
            refuse(request, call, new GatewayProblem(400, "hub-topic-unknown", "Invalid hub.topic",
                    "hub.topic '" + hubRequest.topic() + "' is not a channel of this API; it has " + Channels.of(api).keySet() + "."));
            return;
        }
        GatewayProblem refused = call.admit(steps.authenticator(), steps.throttling(), steps.state(), channel, request);
        if (refused != null) {
            refuse(request, call, refused);
            return;
        }
        HubRequest canonical = new HubRequest(hubRequest.mode(), channel.name(), hubRequest.callback(), hubRequest.secret(),
                hubRequest.leaseSeconds());
        guard.check(canonical.callback()).onComplete(verdict -> {
            if (verdict.failed() || !verdict.result().allowed()) {
                refuse(request, call, new GatewayProblem(403, "callback-denied", "Callback not allowed",
                        verdict.failed() ? "The callback could not be checked." : verdict.result().reason()));
                return;
            }
            request.response().setStatusCode(202).end();
            verifyThenCommand(api, canonical, call);
        });
    }

    private void verifyThenCommand(GatewayApi api, HubRequest request, WebSubCall call) {
        verifier.verify(request).compose(failure -> {
            if (failure != null) {
                metrics.verificationFailed();
                LOG.infof("intent verification failed for %s: %s", request, failure);
                verifier.deny(request, "intent verification failed");
                return Future.succeededFuture();
            }
            byte[] sealed = request.secret() == null ? null : cipher.encrypt(request.secret());
            return writers.send(request.mode() == HubRequest.Mode.SUBSCRIBE
                    ? commands.subscribed(api, request, call.caller, sealed, cipher.keyId(), Instant.now(), call.correlationId)
                    : java.util.List.of(commands.unsubscribed(api, request, call.correlationId)));
        }).onFailure(error -> LOG.errorf("could not issue the commands for %s: %s", request, error.toString()));
    }

    private static void refuse(HttpServerRequest request, WebSubCall call, GatewayProblem problem) {
        call.errorCode = problem.code();
        if (!request.isEnded()) {
            request.response().putHeader("Connection", "close");
        }
        problem.send(request.response(), request.path(), call.correlationId);
    }
}
