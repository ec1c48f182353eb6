package dev.arbiter.text.metrics;

import java.util.List;

/**
 * The word tokenizers of sacreBLEU's BLEU, by their signature names. Each turns one line into the tokens that BLEU
 * counts n-grams over (sacreBLEU tokenizes to a string and then splits it on Python whitespace; this returns the
 * split directly). Every tokenizer works on code points, as Python does.
 */
public enum BleuTokenizer {
    /** mteval-v13a: the WMT default. See {@link Tokenizer13a}. */
    THIRTEEN_A("13a") {
        @Override
        public List<String> tokenize(String line) {
            return Tokenizer13a.tokens(line);
        }

        @Override
        int[] ids(String line, WordTable table, boolean add) {
            return Tokenizer13a.ids(line, table, add);
        }
    },
    /** No tokenization: split on whitespace only. */
    NONE("none") {
        @Override
        public List<String> tokenize(String line) {
            return PyStrings.split(line);
        }

        @Override
        int[] ids(String line, WordTable table, boolean add) {
            char[] a = line.toCharArray();
            int[] out = new int[a.length / 2 + 1]; // words are separated by whitespace here
            int n = 0;
            int i = 0;
            while (i < a.length) {
                while (i < a.length && PyStrings.isSpace(a[i])) {
                    i++;
                }
                int start = i;
                while (i < a.length && !PyStrings.isSpace(a[i])) {
                    i++;
                }
                if (i > start) {
                    out[n++] = add ? table.id(a, start, i) : table.find(a, start, i);
                }
            }
            return java.util.Arrays.copyOf(out, n);
        }
    },
    /** mteval-v14 international: split Unicode punctuation and symbols, keep punctuation between digits. */
    INTL("intl") {
        @Override
        public List<String> tokenize(String line) {
            return TokenizerIntl.tokens(line);
        }
    },
    /** Every non-whitespace character is a token. */
    CHAR("char") {
        @Override
        public List<String> tokenize(String line) {
            List<String> out = new java.util.ArrayList<>(line.length());
            for (int i = 0; i < line.length(); ) {
                int cp = line.codePointAt(i);
                int n = Character.charCount(cp);
                if (!PyStrings.isSpace(cp)) {
                    out.add(line.substring(i, i + n));
                }
                i += n;
            }
            return out;
        }
    };

    private final String specName;

    BleuTokenizer(String specName) {
        this.specName = specName;
    }

    /** The name in specs and in sacreBLEU's signature ({@code tok:13a}). */
    public String specName() {
        return specName;
    }

    /** The tokens of {@code line}. */
    public abstract List<String> tokenize(String line);

    /** The word ids of the tokens of {@code line} in {@code table}; without {@code add}, −1 for new words. */
    int[] ids(String line, WordTable table, boolean add) {
        return add ? table.ids(tokenize(line)) : table.find(tokenize(line));
    }

    public static List<String> specNames() {
        return java.util.Arrays.stream(values()).map(BleuTokenizer::specName).toList();
    }

    public static BleuTokenizer fromSpecName(String name) {
        for (BleuTokenizer t : values()) {
            if (t.specName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown tokenizer '" + name + "'; known: " + specNames());
    }
}
