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

    @Test
    void aProcessThatKeepsWaitingCountsWaits() throws Exception {
        // bash waits 2 ms for a line on its stdin, which this test holds open and never writes to, 1000 times
        Process waiter = new ProcessBuilder("bash", "-c", "for i in $(seq 1000); do read -t 0.002; done").start();
        try {
            ProcessCpu cpu = new ProcessCpu().process("waiter", waiter.pid());
            ProcessCpu.Switches before = cpu.switches().get("waiter");
            Awaitility.await().alias("a process that waits for input over and over is switched out as often")
                    .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> cpu.switches().get("waiter").since(before).waits() >= 100);
        } finally {
            waiter.destroyForcibly();
        }
    }

    @Test
    void twoBusyProcessesOnOneCpuArePreempted() throws Exception {
        Process first = busyOnCpu0();
        Process second = busyOnCpu0();
        try {
            ProcessCpu cpu = new ProcessCpu().process("first", first.pid()).process("second", second.pid());
            Map<String, ProcessCpu.Switches> before = cpu.switches();
            Awaitility.await().alias("two endless loops sharing CPU 0 take it from each other")
                    .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        Map<String, ProcessCpu.Switches> now = cpu.switches();
                        return now.get("first").since(before.get("first")).preemptions() >= 10
                                && now.get("second").since(before.get("second")).preemptions() >= 10;
                    });
        } finally {
            first.destroyForcibly();
            second.destroyForcibly();
        }
    }

    @Test
    void switchesOfAProcessThatCannotBeReadAreUnreadable() {
        long gone = Long.MAX_VALUE - 1;
        ProcessCpu.Switches switches = new ProcessCpu().tree("gone tree", List.of(gone)).switches().get("gone tree");
        assertThat(switches.readable()).isFalse();
        assertThat(new ProcessCpu.Switches(10, 4).since(switches).readable()).isFalse();
        assertThat(new ProcessCpu.Switches(10, 4).since(new ProcessCpu.Switches(3, 1)))
                .isEqualTo(new ProcessCpu.Switches(7, 3));
        assertThat(new ProcessCpu.Switches(10, 4).plus(new ProcessCpu.Switches(3, 1)))
                .isEqualTo(new ProcessCpu.Switches(13, 5));
        assertThat(new ProcessCpu.Switches(10, 4).plus(switches).readable()).isFalse();
    }

    private static Process busyOnCpu0() throws java.io.IOException {
        return new ProcessBuilder("taskset", "-c", "0", "sh", "-c", "while :; do :; done").start();
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

    @Test
    void aStatLineIsReadAfterTheCommandNameWhateverItHolds() {
        // a thread may name itself anything, parentheses and spaces included: the name ends at the last ')'
        String stat = "4242 (odd) name (x) S 1 4242 4242 0 -1 4194560 120 0 0 0 731 269 0 0 20 0 7 0 100 0 0";
        String[] fields = ProcessCpu.fields(stat);
        assertThat(fields[0]).isEqualTo("S");
        assertThat(ProcessCpu.cpuTicks(fields)).isEqualTo(731 + 269);
    }
}
