package dev.arbiter.eval.probe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The results of {@code arbiter probe}.
 *
 * @param spec            the spec's source
 * @param specSignature   its full signature
 * @param specSignatureId its 12-hex id
 * @param judge           the pairwise judge's signature ("scores compared" for a scalar reward)
 * @param probeSet        where the probe cases came from
 * @param cases           how many cases were probed
 * @param results         one per probe, in the order run
 * @param notes           caveats
 * @param elapsed         wall time (not written to files)
 */
public record ProbeReport(String spec, String specSignature, String specSignatureId, String judge, String probeSet, int cases,
                          List<ProbeResult> results, List<String> notes, Duration elapsed) {
    public ProbeReport {
        results = List.copyOf(results);
        notes = List.copyOf(notes);
    }

    public Optional<ProbeResult> result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
