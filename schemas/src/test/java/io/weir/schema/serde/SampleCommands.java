package io.weir.schema.serde;

import io.weir.schema.application.CreateApplication;
import io.weir.schema.common.AggregateType;
import io.weir.schema.command.CommandEnvelope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Commands the serde tests write and read back. */
final class SampleCommands {

    private SampleCommands() {
    }

    /** A CreateApplication for a fresh application id, as the control plane would send it. */
    static CommandEnvelope createApplication() {
        return CommandEnvelope.newBuilder()
                .setCommandId(UUID.randomUUID().toString())
                .setAggregateType(AggregateType.APPLICATION)
                .setAggregateId(UUID.randomUUID().toString())
                .setExpectedVersion(0L)
                .setIssuedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setActor("alice")
                .setOrganization("acme")
                .setCorrelationId(UUID.randomUUID().toString())
                .setPayload(CreateApplication.newBuilder().setName("mobile-app").setOwner("alice").setTier("Unlimited").build())
                .build();
    }
}
