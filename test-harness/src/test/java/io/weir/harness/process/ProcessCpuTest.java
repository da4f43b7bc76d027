package io.weir.harness.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void aProcessCountsTheCpuItUses() {
        ProcessCpu cpu = new ProcessCpu().process("self", SELF);
        long before = cpu.mark().get("self");
        Awaitility.await().alias("this JVM's CPU time grows while it works").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    burn();
                    return cpu.mark().get("self") - before >= 50_000;
                });
    }

    @Test
    void aTreeAlsoCountsTheProcessesItStarted() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            ProcessCpu cpu = new ProcessCpu().process("self", SELF).tree("self and children", List.of(SELF));
            Awaitility.await().alias("the busy child's CPU shows in the tree, not in the process alone")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> {
                        Map<String, Long> now = cpu.mark();
                        return now.get("self and children") - now.get("self") >= 50_000;
                    });
        } finally {
            busy.destroyForcibly();
        }
    }

    @Test
    void aProcessThatCannotBeReadCountsMinusOne() {
        long gone = Long.MAX_VALUE - 1;
        Map<String, Long> marks = new ProcessCpu().process("gone", gone).tree("gone tree", List.of(gone)).mark();
        assertThat(marks).containsEntry("gone", -1L).containsEntry("gone tree", -1L);
    }

    private static void burn() {
        long until = System.nanoTime() + 5_000_000;
        double x = 1;
        while (System.nanoTime() < until) {
            x = Math.sqrt(x + 1);
        }
        if (x < 0) {
            throw new AssertionError(x);
        }
    }
}
