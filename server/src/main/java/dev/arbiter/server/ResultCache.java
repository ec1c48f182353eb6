package dev.arbiter.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arbiter.core.Prompt;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A bounded cache of results keyed by the spec's full signature and the sample's content (data source, prompt,
 * response, reference, group and meta; not the id, which no reward reads). Only results that the same input always
 * yields are kept ({@code ok} and {@code invalid_input}); a {@code timeout} or {@code error} may not recur and is
 * never cached. Thread-safe.
 */
final class ResultCache {
    private final Cache<String, RewardResult> cache;

    ResultCache(long maximumSize) {
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /** The key of a sample under a spec: the spec's signature id and a SHA-256 of the sample's content. */
    static String key(NamedSpec spec, Sample sample) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // the full signature, not its 12-hex id, so two specs cannot collide on a short hash
        Signatures sig = signatures(spec);
        update(md, sig.full());
        update(md, sample.dataSource());
        update(md, promptKey(sample.prompt()));
        update(md, sample.response() == null ? "\u0000null" : sample.response());
        update(md, sample.reference() == null ? "\u0000null" : sample.reference().toString());
        update(md, sample.group());
        JsonNode meta = sample.meta();
        update(md, meta.toString());
        return sig.id() + ":" + HexFormat.of().formatHex(md.digest());
    }

    /** A spec's signature and its id; the spec recomputes both (with a SHA-256) on every call. */
    private record Signatures(NamedSpec spec, String full, String id) {
    }

    /** The last spec's signatures: a server usually scores with one spec, and this holds one entry at most. */
    private static volatile Signatures lastSignatures;

    private static Signatures signatures(NamedSpec spec) {
        Signatures last = lastSignatures;
        if (last != null && last.spec() == spec) {
            return last;
        }
        Signatures now = new Signatures(spec, spec.spec().signature(), spec.signatureId());
        lastSignatures = now;
        return now;
    }

    private static String promptKey(Prompt p) {
        if (p instanceof Prompt.Chat chat) {
            StringBuilder sb = new StringBuilder("chat");
            for (Prompt.Message m : chat.messages()) {
                sb.append('\u0000').append(m.role()).append('\u0001').append(m.content());
            }
            return sb.toString();
        }
        return "text\u0000" + p.asText();
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(new byte[] {(byte) (b.length >>> 24), (byte) (b.length >>> 16), (byte) (b.length >>> 8), (byte) b.length});
        md.update(b);
    }

    RewardResult get(String key) {
        return cache.getIfPresent(key);
    }

    void put(String key, RewardResult result) {
        if (result.status() == Status.OK || result.status() == Status.INVALID_INPUT) {
            cache.put(key, result);
        }
    }

    long size() {
        return cache.estimatedSize();
    }
}
