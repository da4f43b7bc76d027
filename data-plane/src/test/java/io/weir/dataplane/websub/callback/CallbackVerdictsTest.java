package io.weir.dataplane.websub.callback;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.weir.dataplane.websub.callback.CallbackGuard.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallbackVerdictsTest {

    private final List<String> checked = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private Verdict next = new Verdict(true, null);

    private Future<Verdict> guard(String url) {
        checked.add(url);
        return Future.succeededFuture(next);
    }

    @Test
    void aVerdictIsReusedWithinItsTtlAndCheckedAgainAfter() {
        CallbackVerdicts verdicts = new CallbackVerdicts(this::guard, 5_000, now::get);
        assertThat(verdicts.check("https://a.example/hook").result().allowed()).isTrue();
        now.addAndGet(4_999_000_000L);
        assertThat(verdicts.check("https://a.example/hook").result().allowed()).isTrue();
        assertThat(checked).as("one check within the ttl").containsExactly("https://a.example/hook");

        next = new Verdict(false, "re-pointed at a private address");
        now.addAndGet(1_000_000L);
        assertThat(verdicts.check("https://a.example/hook").result().allowed()).as("checked again once the ttl is over").isFalse();
        assertThat(verdicts.check("https://a.example/hook").result().reason()).isEqualTo("re-pointed at a private address");
        assertThat(checked).hasSize(2);
    }

    @Test
    void eachCallbackHasItsOwnVerdict() {
        CallbackVerdicts verdicts = new CallbackVerdicts(this::guard, 5_000, now::get);
        verdicts.check("https://a.example/hook");
        next = new Verdict(false, "denied");
        assertThat(verdicts.check("https://b.example/hook").result().allowed()).isFalse();
        assertThat(verdicts.check("https://a.example/hook").result().allowed()).isTrue();
        assertThat(checked).containsExactly("https://a.example/hook", "https://b.example/hook");
    }

    @Test
    void aZeroTtlChecksEveryAttempt() {
        CallbackVerdicts verdicts = new CallbackVerdicts(this::guard, 0, now::get);
        verdicts.check("https://a.example/hook");
        verdicts.check("https://a.example/hook");
        assertThat(checked).hasSize(2);
    }

    @Test
    void aFailedCheckIsNotRemembered() {
        List<String> calls = new ArrayList<>();
        CallbackVerdicts verdicts = new CallbackVerdicts(url -> {
            calls.add(url);
            return Future.failedFuture("worker pool closed");
        }, 5_000, now::get);
        assertThat(verdicts.check("https://a.example/hook").failed()).isTrue();
        assertThat(verdicts.check("https://a.example/hook").failed()).isTrue();
        assertThat(calls).hasSize(2);
    }
}
