package io.weir.dataplane.throttle;

/**
 * How many live nodes share the initial part of each quota in this node's environment, and this
 * node's rank among them (by sorted node id). A window keeps the membership it started with.
 */
record Membership(int nodes, int rank) {

    /** Before anything is known: the node counts only itself. */
    static final Membership ALONE = new Membership(1, 0);

    Membership {
        if (nodes < 1 || rank < 0 || rank >= nodes) {
            throw new IllegalArgumentException("rank " + rank + " of " + nodes + " nodes");
        }
    }
}
