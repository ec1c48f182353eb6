package dev.arbiter.sql;

import dev.arbiter.core.Deadline;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.References;
import dev.arbiter.core.Reward;
import dev.arbiter.core.RewardResult;
import dev.arbiter.core.RewardSignature;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Status;
import dev.arbiter.core.spec.Param;
import dev.arbiter.core.spec.ParamKind;
import dev.arbiter.core.spec.Params;
import dev.arbiter.core.spec.RewardFactory;
import dev.arbiter.sql.query.QueryShape;
import dev.arbiter.sql.query.SqlLexer;
import dev.arbiter.sql.query.SqlToken;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * N-gram similarity (Reasoning-SQL): the Jaccard similarity of the word n-gram sets (bigrams by default) of the
 * predicted and gold queries. Each query is normalised (comments dropped, lower-cased), split into {@code \w+} words,
 * and the words that are its own table or column aliases, or {@code as}, are dropped, so that alias naming does not
 * count. Both sets empty → 0. Needs no database. Range [0, 1]. Stateless and thread-safe.
 */
public final class SqlNgram implements Reward {
    private final int n;
    private final SqlExtraction extraction;
    private final RewardSignature signature;

    SqlNgram(int n, SqlExtraction extraction, RewardSignature signature) {
        this.n = n;
        this.extraction = extraction;
        this.signature = signature;
    }

    @Override
    public RewardSignature signature() {
        return signature;
    }

    @Override
    public RewardResult score(Sample sample, Deadline deadline) {
        String response = References.response(sample);
        String gold = SqlReference.of(sample.reference()).requireGold();
        return compare(gold, extraction.extract(response), n);
    }

    static RewardResult compare(String gold, String predicted, int n) {
        if (gold.length() > SqlExtraction.MAX_SQL_CHARS) {
            throw new InvalidInputException("the gold query is longer than " + SqlExtraction.MAX_SQL_CHARS + " characters");
        }
        if (predicted == null) {
            return RewardResult.ok(0.0, "no SQL found in the response");
        }
        if (predicted.length() > SqlExtraction.MAX_SQL_CHARS) {
            return RewardResult.ok(0.0, "the predicted SQL is longer than " + SqlExtraction.MAX_SQL_CHARS + " characters");
        }
        Set<String> g = ngrams(words(gold), n);
        Set<String> p = ngrams(words(predicted), n);
        if (g.isEmpty() && p.isEmpty()) {
            return RewardResult.ok(0.0, "neither query has " + n + " words");
        }
        Set<String> both = new LinkedHashSet<>(g);
        both.retainAll(p);
        Set<String> union = new LinkedHashSet<>(g);
        union.addAll(p);
        return new RewardResult((double) both.size() / union.size(), Status.OK,
                both.size() + " of " + union.size() + " distinct " + n + "-grams shared",
                Map.of("gold_ngrams", g.size(), "predicted_ngrams", p.size()), Map.of());
    }

    /** The query's words, lower-cased, without its aliases and {@code as}. */
    static List<String> words(String sql) {
        List<SqlToken> tokens = SqlLexer.tokenize(sql);
        QueryShape shape = QueryShape.of(tokens);
        Set<String> drop = new LinkedHashSet<>();
        drop.add("as");
        for (String a : shape.tableAliases()) {
            drop.add(a.toLowerCase(Locale.ROOT));
        }
        for (String a : shape.columnAliases()) {
            drop.add(a.toLowerCase(Locale.ROOT));
        }
        List<String> out = new ArrayList<>();
        for (SqlToken t : tokens) {
            String text = t.text().toLowerCase(Locale.ROOT);
            int i = 0;
            int len = text.length();
            while (i < len) {
                while (i < len && !isWordChar(text.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < len && isWordChar(text.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    String w = text.substring(start, i);
                    if (!drop.contains(w)) {
                        out.add(w);
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> ngrams(List<String> words, int n) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i + n <= words.size(); i++) {
            out.add(String.join(" ", words.subList(i, i + n)));
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c) || Character.isSurrogate(c);
    }

    /** Registered as {@code sql_ngram}. */
    public static final class Factory implements RewardFactory {
        @Override public String name() { return "sql_ngram"; }
        @Override public int version() { return 1; }
        @Override public String family() { return "sql"; }
        @Override public String description() {
            return "Jaccard similarity of the word n-grams (bigrams) of the predicted and gold queries, aliases "
                    + "dropped; range [0, 1].";
        }
        @Override public String source() {
            return "Reasoning-SQL (Pourreza et al.), n-gram similarity reward";
        }
        @Override public List<Param> parameters() {
            return List.of(
                    Param.optional("n", ParamKind.INT, 2, "n-gram length in words"),
                    SqlParams.extract("auto"));
        }

        @Override
        public Reward create(Params p) {
            int n = p.integer("n");
            if (n < 1 || n > 8) {
                throw p.error("n", "n must be between 1 and 8, was " + n);
            }
            return new SqlNgram(n, SqlParams.extraction(p), p.signature(version()));
        }
    }
}
