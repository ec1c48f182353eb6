package dev.arbiter.eval.scoring;

import dev.arbiter.core.spec.RewardRegistry;
import dev.arbiter.core.spec.RewardSpec;
import dev.arbiter.core.spec.SpecException;
import dev.arbiter.eval.EvalException;

/** Resolving a spec given on the command line, with its errors as {@link EvalException} of kind SPEC. */
public final class Specs {
    private Specs() {
    }

    public static RewardSpec resolve(String specOrPath, RewardRegistry registry) {
        try {
            return RewardSpec.resolve(specOrPath, registry);
        } catch (SpecException e) {
            throw new EvalException(EvalException.Kind.SPEC, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new EvalException(EvalException.Kind.SPEC, "invalid spec: " + e.getMessage(), e);
        }
    }
}
