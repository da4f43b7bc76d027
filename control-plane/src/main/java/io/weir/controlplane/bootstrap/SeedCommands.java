package io.weir.controlplane.bootstrap;

import io.weir.schema.common.AggregateType;
import io.weir.schema.environment.DefineEnvironment;
import io.weir.schema.organization.CreateOrganization;
import io.weir.schema.organization.GrantRole;
import io.weir.schema.organization.RegisterUser;
import io.weir.schema.organization.Role;
import io.weir.schema.policy.DefineThrottlingPolicy;
import io.weir.schema.policy.PolicyLevel;
import io.weir.schema.policy.QuotaKind;
import io.weir.schema.policy.ThrottlingLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a new platform starts with, WSO2 API Manager's defaults: organization {@value #ORGANIZATION},
 * environments production and sandbox, the subscription tiers Bronze/Silver/Gold/Unlimited, the
 * application tiers 10PerMin/20PerMin/50PerMin/Unlimited, the API tier Unlimited, and a user
 * {@value #ADMIN} with the ADMIN role. Each command has an id derived from what it does, so that
 * instances seeding at the same time send the same commands and the command processor decides each once.
 */
final class SeedCommands {

    static final String ORGANIZATION = "default";
    static final String ADMIN = "admin";
    static final long UNLIMITED = Integer.MAX_VALUE;
    private static final long MINUTE = 60_000;

    /** One seed command: its stable name, where it goes, and the payload. */
    record Step(String what, AggregateType type, String aggregateId, Object payload) {

        String commandId() {
            return UUID.nameUUIDFromBytes(("weir-bootstrap/" + what).getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    private SeedCommands() {
    }

    /** Organization, environments and tiers, in the order they must be sent. */
    static List<Step> platform(String gatewayUrl) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("organization/" + ORGANIZATION, AggregateType.ORGANIZATION, ORGANIZATION,
                new CreateOrganization(ORGANIZATION, "Default organization")));
        steps.add(environment("production", "Production", "Production gateways", gatewayUrl));
        steps.add(environment("sandbox", "Sandbox", "Sandbox gateways, for trying APIs out", gatewayUrl));
        steps.add(policy(PolicyLevel.SUBSCRIPTION, "Bronze", 1000));
        steps.add(policy(PolicyLevel.SUBSCRIPTION, "Silver", 2000));
        steps.add(policy(PolicyLevel.SUBSCRIPTION, "Gold", 5000));
        steps.add(policy(PolicyLevel.SUBSCRIPTION, "Unlimited", UNLIMITED));
        steps.add(policy(PolicyLevel.APPLICATION, "10PerMin", 10));
        steps.add(policy(PolicyLevel.APPLICATION, "20PerMin", 20));
        steps.add(policy(PolicyLevel.APPLICATION, "50PerMin", 50));
        steps.add(policy(PolicyLevel.APPLICATION, "Unlimited", UNLIMITED));
        steps.add(policy(PolicyLevel.API, "Unlimited", UNLIMITED));
        return List.copyOf(steps);
    }

    static Step registerAdmin(String passwordHash) {
        return new Step("user/" + ADMIN, AggregateType.USER, ADMIN, new RegisterUser(ADMIN, "Administrator", passwordHash));
    }

    static Step grantAdmin() {
        return new Step("user/" + ADMIN + "/role/ADMIN", AggregateType.USER, ADMIN, new GrantRole(ADMIN, Role.ADMIN));
    }

    private static Step environment(String name, String displayName, String description, String gatewayUrl) {
        return new Step("environment/" + name, AggregateType.ENVIRONMENT, name,
                new DefineEnvironment(name, displayName, description, List.of(gatewayUrl)));
    }

    private static Step policy(PolicyLevel level, String name, long perMinute) {
        String id = ORGANIZATION + "/" + level.name() + "/" + name;
        String description = perMinute == UNLIMITED ? "Allows unlimited requests" : "Allows " + perMinute + " requests per minute";
        ThrottlingLimits limits = ThrottlingLimits.newBuilder()
                .setQuotaKind(QuotaKind.REQUEST_COUNT)
                .setLimit(perMinute)
                .setUnitMillis(MINUTE)
                .setStopOnQuotaReach(true)
                .build();
        return new Step("policy/" + id, AggregateType.THROTTLING_POLICY, id,
                new DefineThrottlingPolicy(name, level, description, limits, false));
    }
}
