package io.weir.controlplane.definition;

import io.apicurio.datamodels.models.Node;
import io.apicurio.datamodels.models.Referenceable;
import io.apicurio.datamodels.refs.ReferenceUtil;

/** Follows a model node's {@code $ref} chain inside the (dereferenced) document. */
final class ModelRefs {

    private static final int MAX_HOPS = 16;

    private ModelRefs() {
    }

    /** The node a chain of {@code $ref}s ends at; the node itself when it is no reference; null when broken. */
    @SuppressWarnings("unchecked")
    static <T extends Node> T follow(T node) {
        Node current = node;
        for (int hop = 0; current instanceof Referenceable r && r.get$ref() != null; hop++) {
            if (hop == MAX_HOPS) {
                return null;
            }
            current = ReferenceUtil.resolveRef(r.get$ref(), current);
        }
        return (T) current;
    }
}
