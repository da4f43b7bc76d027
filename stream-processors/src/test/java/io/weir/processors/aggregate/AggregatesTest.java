package io.weir.processors.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.api.DeployApiRevision;
import io.weir.schema.application.IssueApiKey;
import io.weir.schema.catalog.RemoveCatalogService;
import io.weir.schema.common.AggregateType;
import io.weir.schema.environment.RemoveEnvironment;
import io.weir.schema.organization.CreateOrganization;
import io.weir.schema.organization.GrantRole;
import io.weir.schema.policy.DeleteThrottlingPolicy;
import io.weir.schema.subscription.ApproveSubscription;
import io.weir.schema.webhook.VerifyWebhookSubscription;
import org.junit.jupiter.api.Test;

class AggregatesTest {

    @Test
    void findsTheAggregateDecidingACommand() {
        assertThat(Aggregates.forCommand(new DeployApiRevision()).orElseThrow().type()).isEqualTo(AggregateType.API);
        assertThat(Aggregates.forCommand(new IssueApiKey()).orElseThrow().type()).isEqualTo(AggregateType.APPLICATION);
        assertThat(Aggregates.forCommand(new ApproveSubscription()).orElseThrow().type()).isEqualTo(AggregateType.SUBSCRIPTION);
        assertThat(Aggregates.forCommand(new DeleteThrottlingPolicy()).orElseThrow().type())
                .isEqualTo(AggregateType.THROTTLING_POLICY);
        assertThat(Aggregates.forCommand(new RemoveEnvironment()).orElseThrow().type()).isEqualTo(AggregateType.ENVIRONMENT);
        assertThat(Aggregates.forCommand(new CreateOrganization()).orElseThrow().type()).isEqualTo(AggregateType.ORGANIZATION);
        assertThat(Aggregates.forCommand(new GrantRole()).orElseThrow().type()).isEqualTo(AggregateType.USER);
        assertThat(Aggregates.forCommand(new RemoveCatalogService()).orElseThrow().type())
                .isEqualTo(AggregateType.CATALOG_SERVICE);
        assertThat(Aggregates.forCommand(new VerifyWebhookSubscription()).orElseThrow().type())
                .isEqualTo(AggregateType.WEBHOOK_SUBSCRIPTION);
    }

    @Test
    void whatIsNotACommandHasNoAggregate() {
        assertThat(Aggregates.forCommand(null)).isEmpty();
        assertThat(Aggregates.forCommand("not a command")).isEmpty();
        assertThat(Aggregates.forType(AggregateType.UNSPECIFIED)).isEmpty();
    }

    @Test
    void eachAggregateIsFoundByItsType() {
        Aggregates.all().forEach(aggregate ->
                assertThat(Aggregates.forType(aggregate.type()).orElseThrow()).isSameAs(aggregate));
        assertThat(Aggregates.all()).hasSize(9);
    }
}
