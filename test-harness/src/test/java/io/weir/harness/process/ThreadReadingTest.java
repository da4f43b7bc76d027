package io.weir.harness.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.harness.process.ThreadReading.ThreadUse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ThreadReadingTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void threadsNamedAlikeAreOneKindWithTheirCpuAndSwitches() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> spinners = List.of(spinner("spinner-1", running), spinner("spinner-22", running));
        try {
            ProcessCpu cpu = new ProcessCpu().process("self", SELF);
            ThreadReading before = cpu.threads();
            Thread latecomer = spinner("latecomer-1", running);
            Awaitility.await().alias("the two spinners' CPU shows as one kind").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> use(cpu.threads().since(before), "spinner-#").cpuMicros() >= 100_000);
            List<ThreadUse> uses = cpu.threads().since(before);

            ThreadUse spinning = use(uses, "spinner-#");
            assertThat(spinning.group()).isEqualTo("self");
            assertThat(spinning.count()).isEqualTo(2);
            assertThat(spinning.waits()).isGreaterThanOrEqualTo(0);
            assertThat(spinning.preemptions()).isGreaterThanOrEqualTo(0);
            assertThat(uses).as("a thread started after the first reading has no interval").extracting(ThreadUse::threads)
                    .doesNotContain("latecomer-#");
            assertThat(uses).as("busiest first").isSortedAccordingTo((a, b) -> Long.compare(b.cpuMicros(), a.cpuMicros()));
            assertThat(latecomer.isAlive()).isTrue();
        } finally {
            running.set(false);
        }
    }

    @Test
    void aProcessThatCannotBeReadHasNoThreads() {
        long gone = Long.MAX_VALUE - 1;
        ProcessCpu cpu = new ProcessCpu().tree("gone tree", List.of(gone));
        assertThat(cpu.threads().since(cpu.threads())).isEmpty();
    }

    @Test
    void contextSwitchesAreReadFromTheStatusLines() {
        assertThat(ThreadReading.contextSwitches(List.of("Name:\tx", "voluntary_ctxt_switches:\t12",
                "nonvoluntary_ctxt_switches:\t3"))).containsExactly(12, 3);
    }

    private static ThreadUse use(List<ThreadUse> uses, String kind) {
        return uses.stream().filter(use -> use.threads().equals(kind)).findFirst()
                .orElse(new ThreadUse("self", kind, 0, 0, 0, 0));
    }

    private static Thread spinner(String name, AtomicBoolean running) {
        Thread thread = new Thread(() -> {
            double x = 1;
            while (running.get()) {
                x = Math.sqrt(x + 1);
            }
            if (x < 0) {
                throw new AssertionError(x);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
