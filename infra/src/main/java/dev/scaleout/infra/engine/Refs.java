package dev.scaleout.infra.engine;

import java.util.List;

/** Resolves {@code @type/name} references to the AWS ids of resources already found or made. */
public interface Refs {

    /** The id of {@code type/name}; fails if the engine has not found or created it yet. */
    String id(String type, String name);

    /** {@code "@subnet/a,@subnet/b"} → {@code ["subnet-1", "subnet-2"]}; plain tokens pass through. */
    List<String> resolveAll(String value);

    /** A single reference or plain value → the id or the value. */
    default String resolve(String value) {
        List<String> ids = resolveAll(value);
        if (ids.size() != 1) {
            throw new IllegalArgumentException("expected one reference, got " + value);
        }
        return ids.get(0);
    }
}
