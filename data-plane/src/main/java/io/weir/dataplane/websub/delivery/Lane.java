package io.weir.dataplane.websub.delivery;

import java.util.ArrayDeque;

/**
 * One subscription's deliveries on this node, strictly one after the other in dispatch order: the
 * head is attempted (and retried) until it is delivered or dead-lettered, then the next. Touched
 * only on the deliverer's Vert.x context.
 */
final class Lane {

    final ArrayDeque<Task> queue = new ArrayDeque<>();
    boolean busy;
    int consecutiveFailures;
    /** The subscription version this node disabled, or -1; a later version (subscribed again) delivers again. */
    long disabledVersion = -1;

    boolean disabled(long subscriptionVersion) {
        return disabledVersion >= 0 && subscriptionVersion <= disabledVersion;
    }
}
