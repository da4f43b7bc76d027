package io.weir.controlplane.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.common.AggregateType;
import io.weir.schema.environment.DefineEnvironment;
import io.weir.schema.organization.CreateOrganization;
import io.weir.schema.policy.DefineThrottlingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SeedCommandsTest {

    private static final List<SeedCommands.Step> PLATFORM = SeedCommands.platform("http://localhost:8000");

    @Test
    void commandIdsAreDerivedFromWhatTheCommandDoes() {
        assertThat(PLATFORM.get(0).commandId())
                .isEqualTo(UUID.nameUUIDFromBytes("weir-bootstrap/organization/default".getBytes()).toString())
                .isEqualTo(SeedCommands.platform("http://elsewhere:1").get(0).commandId());
        assertThat(SeedCommands.registerAdmin("$a$b").commandId()).isEqualTo(SeedCommands.registerAdmin("$c$d").commandId())
                .isEqualTo(UUID.nameUUIDFromBytes("weir-bootstrap/user/admin".getBytes()).toString());
        List<String> all = new ArrayList<>(PLATFORM.stream().map(SeedCommands.Step::commandId).toList());
        all.add(SeedCommands.registerAdmin("$x$y").commandId());
        all.add(SeedCommands.grantAdmin().commandId());
        assertThat(all).doesNotHaveDuplicates().hasSize(14);
    }

    @Test
    void theOrganizationAndEnvironmentsComeFirst() {
        assertThat(PLATFORM.get(0).type()).isEqualTo(AggregateType.ORGANIZATION);
        assertThat(PLATFORM.get(0).payload()).isEqualTo(new CreateOrganization("default", "Default organization"));
        assertThat(PLATFORM.subList(1, 3)).extracting(SeedCommands.Step::aggregateId).containsExactly("production", "sandbox");
        assertThat(((DefineEnvironment) PLATFORM.get(1).payload()).getGatewayUrls()).containsExactly("http://localhost:8000");
    }

    @Test
    void theWso2DefaultTiersPerMinute() {
        List<String> tiers = PLATFORM.stream().filter(step -> step.type() == AggregateType.THROTTLING_POLICY)
                .map(step -> {
                    DefineThrottlingPolicy policy = (DefineThrottlingPolicy) step.payload();
                    assertThat(policy.getLimits().getUnitMillis()).isEqualTo(60_000);
                    assertThat(policy.getRequiresApproval()).isFalse();
                    return step.aggregateId() + "=" + policy.getLimits().getLimit();
                }).toList();

        assertThat(tiers).containsExactly(
                "default/SUBSCRIPTION/Bronze=1000", "default/SUBSCRIPTION/Silver=2000", "default/SUBSCRIPTION/Gold=5000",
                "default/SUBSCRIPTION/Unlimited=2147483647",
                "default/APPLICATION/10PerMin=10", "default/APPLICATION/20PerMin=20", "default/APPLICATION/50PerMin=50",
                "default/APPLICATION/Unlimited=2147483647",
                "default/API/Unlimited=2147483647");
    }
}
