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
    boolean disabled;
}
