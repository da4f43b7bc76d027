package io.weir.controlplane.api.subscriptions;

import static io.weir.controlplane.api.Fakes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.weir.controlplane.json.JsonInputException;
import io.weir.schema.organization.Role;
import io.weir.schema.subscription.ApproveSubscription;
import io.weir.schema.subscription.BlockScope;
import io.weir.schema.subscription.BlockSubscription;
import io.weir.schema.subscription.ChangeSubscriptionTier;
import io.weir.schema.subscription.UnblockSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionChangeTest {

    @Test
    void approvingIsThePublishers() {
        SubscriptionChange change = SubscriptionChange.parse(json("{'action':'approve','comment':'ok'}"));
        assertThat(change.role()).isEqualTo(Role.PUBLISHER);
        assertThat(((ApproveSubscription) change.command()).getComment()).isEqualTo("ok");
    }

    @ParameterizedTest
    @CsvSource({"ALL,ALL", "PRODUCTION,PRODUCTION_ONLY", "production_only,PRODUCTION_ONLY"})
    void blockingTakesAScope(String scope, BlockScope expected) {
        SubscriptionChange change = SubscriptionChange.parse(json("{'action':'block','scope':'" + scope + "','reason':'abuse'}"));
        assertThat(change.role()).isEqualTo(Role.PUBLISHER);
        assertThat(((BlockSubscription) change.command()).getScope()).isEqualTo(expected);
        assertThat(((BlockSubscription) change.command()).getReason()).isEqualTo("abuse");
    }

    @Test
    void aBlockWithoutScopeBlocksAll() {
        assertThat(((BlockSubscription) SubscriptionChange.parse(json("{'action':'BLOCK'}")).command()).getScope())
                .isEqualTo(BlockScope.ALL);
    }

    @Test
    void unblockingIsThePublishers() {
        SubscriptionChange change = SubscriptionChange.parse(json("{'action':'unblock'}"));
        assertThat(change.command()).isInstanceOf(UnblockSubscription.class);
        assertThat(change.role()).isEqualTo(Role.PUBLISHER);
    }

    @Test
    void aTierChangeIsTheSubscribers() {
        SubscriptionChange change = SubscriptionChange.parse(json("{'tier':'Gold'}"));
        assertThat(((ChangeSubscriptionTier) change.command()).getTier()).isEqualTo("Gold");
        assertThat(change.role()).isEqualTo(Role.SUBSCRIBER);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'action':'delete'}|/action",
        "{'action':7}|/action",
        "{}|/action",
        "{'action':'block','scope':'SANDBOX'}|/scope",
        "{'action':'approve','tier':'Gold'}|/tier",
        "{'tier':' '}|/tier",
        "{'action':'approve','scope':'ALL'}|/scope",
        "{'action':'unblock','reason':'x'}|/reason",
        "{'action':'approve','status':'ACTIVE'}|/status",
        "[]|/"})
    void aBadPatchIsRefusedWithAPointer(String body, String pointer) {
        JsonInputException e = catchThrowableOfType(JsonInputException.class, () -> SubscriptionChange.parse(json(body)));
        assertThat(e.pointer()).isEqualTo(pointer);
    }

    @Test
    void anAbsentBodyIsRefused() {
        assertThat(catchThrowableOfType(JsonInputException.class, () -> SubscriptionChange.parse(null)).pointer())
                .isEqualTo("/");
    }
}
