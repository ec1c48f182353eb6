package dev.arbiter.models.rm.jinja;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour the parity fixtures cannot show: limits, error kinds and lines, threads, the clock, Java values. */
class JinjaTemplateTest {
    static final Clock CLOCK = Clock.fixed(LocalDateTime.of(2024, 7, 26, 15, 4, 5).toInstant(ZoneOffset.UTC),
            ZoneOffset.UTC);
    static final JinjaTemplate.Limits SMALL = new JinjaTemplate.Limits(100_000, 10_000, 16);

    static String render(String src, Map<String, ?> vars) {
        return JinjaTemplate.parse(src).render(vars, JinjaTemplate.Limits.DEFAULT, CLOCK);
    }

    static JinjaException fails(String src, JinjaTemplate.Limits limits) {
        return assertThrows(JinjaException.class, () -> JinjaTemplate.parse(src).render(Map.of(), limits, CLOCK));
    }

    @Test
    void runawayTemplatesStopAtTheirLimits() {
        long t0 = System.nanoTime();
        assertEquals(JinjaException.Kind.LIMIT, fails(
                "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
                SMALL).kind());
        assertEquals(JinjaException.Kind.LIMIT, fails("{{ 'x' * 1000000000 }}", SMALL).kind());
        assertEquals(JinjaException.Kind.LIMIT, fails("{% for i in range(50000) %}xxxxxxxxxx{% endfor %}",
                new JinjaTemplate.Limits(10_000_000, 10_000, 16)).kind());
        assertEquals(JinjaException.Kind.LIMIT, fails("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
                SMALL).kind());
        assertEquals(JinjaException.Kind.LIMIT, fails("{% set ns = namespace(s='ab') %}{% for i in range(40) %}"
                + "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}", SMALL).kind());
        assertEquals(JinjaException.Kind.LIMIT, fails("{{ ([1] * 5000) | join(',') * 5000 }}", SMALL).kind());
        // jinja2's sandbox refuses ranges over 100000 items outright
        JinjaException big = fails("{{ range(1000000) | length }}", JinjaTemplate.Limits.DEFAULT);
        assertEquals(JinjaException.Kind.RENDER, big.kind());
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "limits must stop runaway templates quickly");
    }

    @Test
    void deeplyNestedSourceIsASyntaxErrorNotACrash() {
        String deep = "{{ " + "(".repeat(5000) + "1" + ")".repeat(5000) + " }}";
        JinjaException e = assertThrows(JinjaException.class, () -> JinjaTemplate.parse(deep));
        assertEquals(JinjaException.Kind.SYNTAX, e.kind());
        String ifs = "{% if true %}".repeat(3000) + "x" + "{% endif %}".repeat(3000);
        assertEquals(JinjaException.Kind.SYNTAX, assertThrows(JinjaException.class, () -> JinjaTemplate.parse(ifs)).kind());
    }

    @Test
    void syntaxErrorsCarryTheirLine() {
        JinjaException e = assertThrows(JinjaException.class, () -> JinjaTemplate.parse("a\nb\n{% for x in y %}\nc"));
        assertEquals(JinjaException.Kind.SYNTAX, e.kind());
        assertTrue(e.getMessage().contains("endfor"), e.getMessage());
        e = assertThrows(JinjaException.class, () -> JinjaTemplate.parse("line1\n{% do x.append(1) %}"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("unknown tag 'do'"), e.getMessage());
        // as in jinja2, a test name swallows a following 'if' as its argument
        assertThrows(JinjaException.class, () -> JinjaTemplate.parse("{{ x is string if x else 'y' }}"));
        assertThrows(JinjaException.class, () -> JinjaTemplate.parse("{{ 'unterminated }}"));
        assertThrows(JinjaException.class, () -> JinjaTemplate.parse("{# never closed"));
        assertThrows(JinjaException.class, () -> JinjaTemplate.parse("{% include 'x.jinja' %}"));
        assertThrows(JinjaException.class, () -> JinjaTemplate.parse("{% break %}"));
    }

    @Test
    void unknownFiltersFailAtParseTimeExceptInsideConditionals() {
        JinjaException e = assertThrows(JinjaException.class, () -> JinjaTemplate.parse("{{ x | nope }}"));
        assertEquals(JinjaException.Kind.SYNTAX, e.kind());
        assertThrows(JinjaException.class, () -> JinjaTemplate.parse("{% for m in x %}{{ m is nope }}{% endfor %}"));
        // jinja2 defers the check inside if statements and inline ifs to the moment the branch runs
        assertEquals("ok", render("{% if false %}{{ x | nope }}{% endif %}ok", Map.of()));
        assertEquals("ok", render("{{ (x | nope) if false else 'ok' }}", Map.of()));
        JinjaException late = assertThrows(JinjaException.class,
                () -> render("\n{% if true %}{{ 'x' | nope }}{% endif %}", Map.of()));
        assertEquals(JinjaException.Kind.RENDER, late.kind());
        assertEquals(2, late.line());
        // a loop inside an if is a new frame: checked at parse time again
        assertThrows(JinjaException.class,
                () -> JinjaTemplate.parse("{% if false %}{% for m in x %}{{ m | nope }}{% endfor %}{% endif %}"));
    }

    @Test
    void renderErrorsNameTheProblemAndLine() {
        JinjaException e = assertThrows(JinjaException.class,
                () -> render("ok\n{{ raise_exception('Conversation roles must alternate') }}", Map.of()));
        assertEquals(JinjaException.Kind.RENDER, e.kind());
        assertEquals("Conversation roles must alternate", e.getMessage());
        assertEquals(2, e.line());
        assertTrue(assertThrows(JinjaException.class, () -> render("{{ messages[0].content.x }}",
                Map.of("messages", List.of(Map.of("role", "user"))))).getMessage().contains("no attribute 'content'"));
        assertTrue(assertThrows(JinjaException.class, () -> render("{{ [1].append(2) }}", Map.of()))
                .getMessage().contains("unsafe"));
        assertTrue(assertThrows(JinjaException.class, () -> render("{{ missing.attr }}", Map.of()))
                .getMessage().contains("'missing' is undefined"));
    }

    @Test
    void javaValuesBecomePythonValues() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("n", 3);
        vars.put("x", 2.5f);
        vars.put("none", null);
        vars.put("items", new String[] {"a", "b"});
        vars.put("d", Map.of("k", List.of(1, 2)));
        assertEquals("1 3.0 2.5 None ['a', 'b'] {'k': [1, 2]} 6 True",
                render("{{ n // 2 }} {{ n / 1 }} {{ x }} {{ none }} {{ items }} {{ d }} {{ n * 2 }} {{ n is integer }}", vars));
    }

    @Test
    void strftimeNowReadsTheGivenClock() {
        assertEquals("26 Jul 2024|Friday 2024-07-26 15:04:05|03 PM|7/26/24",
                render("{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%A %Y-%m-%d %H:%M:%S') }}|"
                        + "{{ strftime_now('%I %p') }}|{{ strftime_now('%-m/%-d/%y') }}", Map.of()));
    }

    @Test
    void oneTemplateRendersOnManyThreadsAlike() throws Exception {
        JinjaTemplate t = JinjaTemplate.parse("{% set ns = namespace(n=0) %}{% for m in messages %}"
                + "{% set ns.n = ns.n + m.content | length %}{{ loop.index }}:{{ m.content | upper }};{% endfor %}{{ ns.n }}");
        List<Map<String, Object>> msgs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            msgs.add(Map.of("role", "user", "content", "message " + i));
        }
        String expected = t.render(Map.of("messages", msgs), JinjaTemplate.Limits.DEFAULT, CLOCK);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> t.render(Map.of("messages", msgs), JinjaTemplate.Limits.DEFAULT, CLOCK)));
            }
            for (Future<String> f : futures) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whitespaceControlMatchesJinja2Settings() {
        // trim_blocks drops the newline after a block tag, lstrip_blocks the indentation before it (jinja2's outputs)
        assertEquals("  a\nb\n", render("{% if true %}\n  a\n  {% endif %}\n  {% if true %}\nb\n{% endif %}\n", Map.of()));
        assertEquals("x  y", render("x  {%- if true %}  y{% endif %}", Map.of()));
        assertEquals("1,2", render("{{- 1 -}}\n  ,  \n{{- 2 }}\n", Map.of()));
        assertEquals("\n", render("{% raw %}\n{% endraw %}", Map.of()));
        assertEquals("end", render("{# comment #}\nend\n", Map.of()));
        assertEquals("  k", render("  {%+ if true %}k{% endif %}", Map.of()));
        assertEquals("1\n  2", render("{{ 1 }}\n  {{ 2 }}\n", Map.of()));
    }
}
