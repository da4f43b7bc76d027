package io.weir.dataplane.throttle;

/**
 * What the latest throttle decision of a counter says to this node: its grant, whether the counter
 * is blocked, the processor's initial share total, and how much it counted for this node — for one
 * window only.
 */
record NodeDecision(long windowStart, long windowEnd, long grant, boolean blocked, long blockedUntil,
                    long initialShareTotal, long countedHere, long decidedAt) {

    boolean isFor(long start) {
        return windowStart == start;
    }

    /** The newer of two decisions; within one window grants and counts only grow. */
    NodeDecision merge(NodeDecision next) {
        if (next.windowStart < windowStart) {
            return this;
        }
        if (next.windowStart > windowStart) {
            return next;
        }
        return new NodeDecision(windowStart, windowEnd, Math.max(grant, next.grant), next.blocked, next.blockedUntil,
                next.initialShareTotal, Math.max(countedHere, next.countedHere), Math.max(decidedAt, next.decidedAt));
    }
}
