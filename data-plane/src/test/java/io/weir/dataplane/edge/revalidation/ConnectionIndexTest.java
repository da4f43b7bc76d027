package io.weir.dataplane.edge.revalidation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionIndexTest {

    record Connection(String name, String apiId, String credentialKey) {
    }

    private final ConnectionIndex<Connection> index = new ConnectionIndex<>(Connection::apiId, Connection::credentialKey);
    private final Connection aliceOnOrders = new Connection("a", "orders", "key-alice");
    private final Connection aliceOnPrices = new Connection("b", "prices", "key-alice");
    private final Connection bobOnOrders = new Connection("c", "orders", "key-bob");
    private final Connection anonymousOnOrders = new Connection("d", "orders", null);

    @Test
    void aChangeFindsOnlyTheConnectionsOfItsApiOrCredential() {
        index.add(aliceOnOrders);
        index.add(aliceOnPrices);
        index.add(bobOnOrders);
        index.add(anonymousOnOrders);

        assertThat(index.ofCredential("key-alice")).containsExactlyInAnyOrder(aliceOnOrders, aliceOnPrices);
        assertThat(index.ofCredential("key-bob")).containsExactly(bobOnOrders);
        assertThat(index.ofCredential("key-carol")).isEmpty();
        assertThat(index.ofApi("orders")).containsExactlyInAnyOrder(aliceOnOrders, bobOnOrders, anonymousOnOrders);
        assertThat(index.ofApi("prices")).containsExactly(aliceOnPrices);
        assertThat(index.size()).isEqualTo(4);
    }

    @Test
    void aRemovedConnectionIsFoundNoMoreAndEmptiedEntriesGo() {
        index.add(aliceOnOrders);
        index.add(aliceOnPrices);
        index.remove(aliceOnPrices);

        assertThat(index.ofApi("prices")).isEmpty();
        assertThat(index.ofCredential("key-alice")).containsExactly(aliceOnOrders);

        index.remove(aliceOnOrders);
        index.remove(aliceOnOrders); // twice: a connection may end and be revoked at once
        assertThat(index.ofCredential("key-alice")).isEmpty();
        assertThat(index.size()).isZero();
    }

    @Test
    void anAnonymousConnectionIsFoundByItsApiOnly() {
        index.add(anonymousOnOrders);
        assertThat(index.ofApi("orders")).containsExactly(anonymousOnOrders);
        index.remove(anonymousOnOrders);
        assertThat(index.ofApi("orders")).isEmpty();
    }
}
