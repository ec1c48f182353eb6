package dev.arbiter.models.judge;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SophiaVL's score extraction: ours (default) against the authors' {@code extract_score} ({@code code_faithful}). */
class ThinkingExtractionTest {

    private static String show(OptionalDouble v) {
        return v.isPresent() ? Double.toString(v.getAsDouble()) : "none";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // judge output                          | ours | the authors'
            "<answer>0.7</answer>                    | 0.7  | 0.7",
            "\\box{1}                                | 1.0  | 1.0",
            "\\boxed{ 0.4 }                          | 0.4  | 0.4",   // theirs: no \boxed, the plain rule finds 0.4
            "Score: 0.3                              | 0.3  | 0.3",
            "Score: 0.75                             | none | 0.0",   // Python's \b lets '0' stand alone before '.'
            "<answer>7</answer>                      | 1.0  | none",  // their <answer> rule takes [01] only
            "</think> 7                              | 1.0  | 1.0",
            "</think> 5.5.5                          | 1.0  | none",  // ours reads 5.5; float('5.5.5') raises in theirs
            "**Total Wrong Steps**: 3                | none | 1.0",   // a step count, clamped: errors give 1.0
            "I found **2 wrong steps** here.         | none | 1.0",
            "**Number of Wrong Steps**: 5            | none | 1.0",
            "**Total Wrong Steps**: ٣                | none | 1.0",   // Python's int() reads Unicode digits
            "no idea                                 | none | none",
    })
    void extraction(String raw, String ours, String authors) {
        assertEquals(ours, show(ThinkingJudge.extract(raw)), "ours");
        assertEquals(authors, show(ThinkingJudge.extractAsAuthors(raw)), "the authors'");
    }
}
