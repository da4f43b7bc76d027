package io.weir.dataplane.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Who replays a topic for a resuming client, up to where its live records begin ({@link CatchUpReaders}). */
interface Replay {

    void read(String topic, StartPoint start, Map<Integer, Long> until, Target target);

    /** The client side of a replay; every call but {@link #onRecords}' completion comes from the reader's thread. */
    interface Target {
        /** Where the replay begins per partition (next offset to read). */
        void onStart(Map<Integer, Long> nextOffsets);

        /** A batch in offset order per partition; completes once the client has taken it. */
        CompletableFuture<Void> onRecords(List<StreamRecord> batch);

        void onCaughtUp();

        void onCatchUpFailed(String reason);

        boolean cancelled();
    }

}
