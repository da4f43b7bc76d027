package io.weir.controlplane.api;

import io.weir.controlplane.view.TopicMirror;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

/** The read port of the resources over one management view: a {@link TopicMirror} in production. */
public interface ViewReader<V> {

    Optional<V> get(String id);

    Collection<V> all();

    /** Looks the mirror up on every call: mirrors are created at startup, resources may be earlier. */
    static <V> ViewReader<V> of(Supplier<TopicMirror<V>> mirror) {
        return new ViewReader<>() {
            @Override
            public Optional<V> get(String id) {
                return mirror.get().get(id);
            }

            @Override
            public Collection<V> all() {
                return mirror.get().all();
            }
        };
    }
}
