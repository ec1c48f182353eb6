package dev.arbiter.models;

import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Status;
import dev.arbiter.models.remote.RemoteException;

import java.util.LinkedHashMap;
import java.util.Map;

/** How model failures and unreadable model output become results: a status with a reason, never a silent 0. */
public final class Outcomes {
    /** Raw model text kept in details, at most this many characters. */
    public static final int RAW_CHARS = 2000;

    private Outcomes() {
    }

    /** An {@code error} result for a remote failure; the raw answer, when there was one, goes into details. */
    public static RewardResult remoteFailure(RemoteException e) {
        RewardResult r = RewardResult.error(e.getMessage());
        if (e.httpStatus() != 0) {
            r = r.withDetail("http_status", e.httpStatus());
        }
        return e.rawExcerpt() == null ? r : r.withDetail("raw", e.rawExcerpt());
    }

    /**
     * A judge answer that could not be read: {@code error} with the raw text, or, when the spec asks for the
     * authors' behaviour ({@code unparsed: zero}), an ok 0 that still says so in its reason and details.
     */
    public static RewardResult unparsed(String what, String raw, boolean zero) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("raw", clip(raw));
        d.put("parsed", false);
        String reason = "could not read " + what + " from the judge's answer";
        return new RewardResult(0.0, zero ? Status.OK : Status.ERROR, zero ? reason + " (unparsed=zero)" : reason, d, Map.of());
    }

    public static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= RAW_CHARS ? s : s.substring(0, RAW_CHARS) + "…";
    }
}
