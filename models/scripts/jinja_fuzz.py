#!/usr/bin/env python3
"""Random templates for a differential check of rm.jinja against jinja2 (dev time; nothing is committed from it).

Usage: jinja_fuzz.py expr|stmt OUT_DIR [COUNT] [SEED]
  expr: one random expression per template (operators, filters, tests, methods, slices over mixed values)
  stmt: loops, ifs, sets, namespaces, continue and a macro over the conversation's messages
Then render both sides and count identical results:
  python3 models/scripts/jinja_reference.py OUT_DIR CONVERSATIONS.json expected.json
  java -cp ... dev.arbiter.models.rm.jinja.JinjaParity OUT_DIR CONVERSATIONS.json expected.json
Known differences: slicing a *constant* non-sequence (`(2)[:2]`) is undefined in jinja2 (its constant folding goes
through getitem) but an error here, as jinja2 does for variables; Markup's own string methods (which return Markup).
"""
import os
import random
import sys

ATOMS = ["0", "1", "2", "-3", "7", "0.5", "2.0", "-1.25", "1e20", "3.14159", "'ab'", "'A b'", "''", "'x,y'", "' pad '",
         "'Ünï'", "[1, 2]", "['a', 'B']", "[]", "{'a': 1, 'b': 'x'}", "{}", "none", "true", "false", "missing",
         "(1, 'q')", "messages[0].content", "messages | length", "messages[0]", "messages[-1].role", "'😀x'",
         "[3, 1, 2]", "[0.1, 2]"]
BINOPS = ["+", "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", ">", "<=", ">=", "in", "not in", "and", "or"]
FILTERS = ["length", "string", "upper", "lower", "title", "trim", "first", "last", "list", "sort", "unique | list",
           "reverse | list", "join(',')", "default('d')", "int", "float", "abs", "round", "tojson", "items | list",
           "dictsort", "sum", "max", "min", "capitalize", "replace('a', 'b')", "center(5)", "indent(2)", "wordcount",
           "count", "batch(2) | list", "map('string') | list", "select | list", "reject | list", "tojson(indent=1)",
           "round(1)", "int(5)", "default('d', true)", "string | length", "e", "safe"]
TESTS = ["string", "number", "integer", "float", "mapping", "sequence", "iterable", "none", "defined", "odd", "even",
         "true", "false", "boolean", "lower", "upper"]
METHODS = [".upper()", ".split(',')", ".strip()", ".startswith('a')", ".find('b')", ".get('a')", ".items() | list",
           ".keys() | list", ".count('a')", ".replace('a', 'z')", "[1:]", "[::-1]", "[0]", "[-1]", "[:2]", ".split()",
           ".title()", ".lstrip(' p')", ".values() | list", ".index(1)", ".endswith('b')", ".rsplit(',', 1)",
           ".format(1)", ".isdigit()"]
EXPRS = ["m.content", "m.role", "loop.index", "loop.index0", "loop.first", "loop.last", "loop.length", "loop.revindex",
         "ns.n", "ns.s", "x", "acc", "m.content | length", "m.content[:3]", "m.content.split()", "m.role | upper",
         "messages | length", "loop.previtem.role if loop.previtem is defined else '-'", "m.content.strip()",
         "m.get('role')", "m['content'] | trim", "(ns.s ~ m.role)[-5:]", "x ~ m.role", "m.content | wordcount",
         "m.content.lstrip('<').rstrip('.')", "m.content is string", "'</think>' in m.content",
         "m.content.split('</think>')[-1].lstrip('\\n')", "loop.cycle('a', 'b')", "m.reasoning_content"]
CONDS = ["loop.first", "loop.last", "m.role == 'user'", "m.role == 'assistant'", "m.content", "not m.content",
         "ns.n > 2", "x is defined", "'?' in m.content", "loop.index is even", "m.content | length > 10", "acc",
         "m.role in ['system', 'user']", "m.content.startswith('<think>')"]


def expr(d=0):
    r = random.random()
    if d > 2 or r < 0.3:
        return random.choice(ATOMS)
    if r < 0.5:
        return "(" + expr(d + 1) + " " + random.choice(BINOPS) + " " + expr(d + 1) + ")"
    if r < 0.7:
        return "(" + expr(d + 1) + " | " + random.choice(FILTERS) + ")"
    if r < 0.8:
        return "(" + expr(d + 1) + " is " + random.choice(["", "not "]) + random.choice(TESTS) + ")"
    if r < 0.9:
        return "(" + expr(d + 1) + ")" + random.choice(METHODS)
    if r < 0.95:
        return "(not " + expr(d + 1) + ")"
    return "(" + expr(d + 1) + " if " + expr(d + 1) + " else " + expr(d + 1) + ")"


def stmt(d=0):
    r = random.random()
    if d > 2 or r < 0.3:
        return "{{ " + random.choice(EXPRS) + " }}|"
    if r < 0.45:
        return "{%- set x = " + random.choice(EXPRS) + " -%}"
    if r < 0.55:
        return "{%- set ns.n = ns.n + 1 -%}{%- set ns.s = ns.s ~ " + random.choice(EXPRS) + " | string -%}"
    if r < 0.65:
        return "{%- set acc = (acc or '') ~ " + random.choice(EXPRS) + " | string -%}"
    if r < 0.85:
        body = "".join(stmt(d + 1) for _ in range(random.randint(1, 3)))
        other = "{% else %}" + stmt(d + 1) if random.random() < 0.5 else ""
        return "{%- if " + random.choice(CONDS) + " %}" + body + other + "{% endif -%}"
    if r < 0.92:
        return "{% if " + random.choice(CONDS) + " %}{% continue %}{% endif %}" if d > 0 else "{{ '-' }}"
    return "{{ show(" + random.choice(EXPRS) + ") }}"


def template(mode):
    if mode == "expr":
        return "{{ " + expr() + " }}"
    body = "".join(stmt() for _ in range(random.randint(2, 6)))
    return ("{%- macro show(v) -%}[{{ v }}|{{ x if x is defined else 'nx' }}]{%- endmacro -%}"
            "{%- set ns = namespace(n=0, s='') -%}{%- set x = 'top' -%}"
            "{%- for m in messages" + (" if m.content" if random.random() < 0.3 else "") + " -%}" + body
            + ("{% else %}none" if random.random() < 0.3 else "") + "{%- endfor -%}\n{{ ns.n }} {{ ns.s }} {{ x }}\n")


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("expr", "stmt"):
        sys.exit(__doc__)
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    random.seed(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    os.makedirs(sys.argv[2], exist_ok=True)
    for i in range(count):
        with open(os.path.join(sys.argv[2], f"{i:05d}.jinja"), "w", encoding="utf-8") as f:
            f.write(template(sys.argv[1]))


if __name__ == "__main__":
    main()
