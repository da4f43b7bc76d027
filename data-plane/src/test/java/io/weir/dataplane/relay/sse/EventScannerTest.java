package io.weir.dataplane.relay.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventScannerTest {

    @Test
    void findsTheEndOfEachEventInAChunk() {
        String stream = "id: 1\ndata: a\n\nid: 2\ndata: b\n\n";
        assertThat(new EventScanner().eventEnds(Buffer.buffer(stream)))
                .containsExactly(stream.indexOf("\n\n") + 2, stream.length());
    }

    @Test
    void countsEventsCutAnywhereAcrossChunks() {
        String stream = "event: tick\ndata: 1\n\ndata: two\ndata: lines\n\n: keep-alive\n\ndata: 3\r\n\r\ndata: 4\r\rdata: 5\n\n";
        for (int cut = 1; cut < stream.length(); cut++) {
            EventScanner scanner = new EventScanner();
            int events = scanner.eventEnds(Buffer.buffer(stream.substring(0, cut))).length
                    + scanner.eventEnds(Buffer.buffer(stream.substring(cut))).length;
            assertThat(events).as("cut at %d", cut).isEqualTo(5);
        }
    }

    @Test
    void byteByByteGivesTheSameEnds() {
        String stream = "data: x\r\n\r\nretry: 10\n\n";
        EventScanner scanner = new EventScanner();
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < stream.length(); i++) {
            for (int end : scanner.eventEnds(Buffer.buffer(stream.substring(i, i + 1)))) {
                ends.add(i + end);
            }
        }
        assertThat(ends).containsExactly(stream.indexOf("\r\n\r\n") + 3, stream.length());
    }

    @Test
    void commentsAloneAreNoEvent() {
        assertThat(new EventScanner().eventEnds(Buffer.buffer(": heartbeat\n\n:\n\n\n\n"))).isEmpty();
    }

    @Test
    void anEventNotYetEndedIsNotCounted() {
        EventScanner scanner = new EventScanner();
        assertThat(scanner.eventEnds(Buffer.buffer("data: half\n"))).isEmpty();
        assertThat(scanner.eventEnds(Buffer.buffer("\n"))).containsExactly(1);
    }
}
