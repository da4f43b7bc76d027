package io.weir.dataplane.throttle;

import io.weir.dataplane.config.NodeIdentity;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one ledger of this node, shared by the request pipeline ({@link Throttling}) and the feed that updates it. */
class ThrottleLedgerProducer {

    @Produces
    @Singleton
    ThrottleLedger ledger(NodeIdentity node, ThrottlingConfig config) {
        return new ThrottleLedger(node.nodeId(), config.initialShare());
    }
}
