package dev.arbiter.server;

import dev.arbiter.core.spec.RewardSpec;

import java.util.Objects;

/**
 * A loaded spec and the name requests select it by ({@code POST /v1/score/{name}}, {@code ?spec=name}).
 *
 * @param name the name, as given in {@link ServerConfig#specs()}
 * @param spec the resolved spec
 */
public record NamedSpec(String name, RewardSpec spec) {
    public NamedSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
    }

    /** The 12-hex id of the spec's full signature, as in {@code arbiter score} rows. */
    public String signatureId() {
        return spec.signatureId();
    }
}
