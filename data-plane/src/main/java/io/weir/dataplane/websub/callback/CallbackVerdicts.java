package io.weir.dataplane.websub.callback;

import io.vertx.core.Future;
import io.weir.dataplane.websub.callback.CallbackGuard.Verdict;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The callback check of delivery attempts, remembered per callback URL for a short time
 * ({@code callback-check-ttl}): the first attempt to a callback resolves its host and judges it
 * against the allow/deny list on a worker ({@link CallbackGuard}), the attempts within the next
 * ttl reuse that verdict without leaving the event loop. A host re-pointed at a denied address is
 * therefore refused at most one ttl later (the JVM's own DNS cache, {@code networkaddress.cache.ttl},
 * already held answers for 30 s). A ttl of zero checks before every attempt. Thread-safe.
 */
public final class CallbackVerdicts {

    private record Remembered(Verdict verdict, long atNanos) {
    }

    /** Beyond this many callbacks remembered, expired verdicts are swept out on the next check. */
    private static final int SWEEP_ABOVE = 10_000;

    private final Function<String, Future<Verdict>> guard;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<String, Remembered> byCallback = new ConcurrentHashMap<>();

    public CallbackVerdicts(CallbackGuard guard, long ttlMillis) {
        this(guard::check, ttlMillis, System::nanoTime);
    }

    CallbackVerdicts(Function<String, Future<Verdict>> guard, long ttlMillis, LongSupplier clock) {
        this.guard = guard;
        this.ttlNanos = ttlMillis * 1_000_000L;
        this.clock = clock;
    }

    /** The verdict for this callback: a fresh remembered one at once, else a new check (completed on the caller's context). */
    public Future<Verdict> check(String url) {
        long now = clock.getAsLong();
        Remembered remembered = byCallback.get(url);
        if (remembered != null && now - remembered.atNanos() < ttlNanos) {
            return Future.succeededFuture(remembered.verdict());
        }
        if (byCallback.size() > SWEEP_ABOVE) {
            byCallback.values().removeIf(old -> now - old.atNanos() >= ttlNanos);
        }
        return guard.apply(url).onSuccess(verdict -> {
            if (ttlNanos > 0) {
                byCallback.put(url, new Remembered(verdict, now));
            }
        });
    }
}
