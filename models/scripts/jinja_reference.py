#!/usr/bin/env python3
"""Reference renderings of chat templates with Python jinja2, set up the way Hugging Face transformers'
apply_chat_template sets it up (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols,
raise_exception, strftime_now, a tojson without HTML escaping and with ensure_ascii=False).

Usage: jinja_reference.py TEMPLATE_DIR CONVERSATIONS_JSON OUT_JSON

TEMPLATE_DIR holds *.jinja files; CONVERSATIONS_JSON is a list of
{"id": str, "messages": [{"role", "content"}...], "add_generation_prompt": bool}.
A conversation may also give "tools" (a list of JSON schemas, passed as the template's tools; default None).
OUT_JSON gets one case per template x conversation: the rendered text, or the error class when jinja2 fails
(to parse: "syntax", to render: "render"). strftime_now reads a fixed clock (FIXED_NOW), so renderings are
reproducible; bos/eos tokens are the fixed strings below. Needs jinja2 >= 3.1 (Debian: python3-jinja2).
"""
import json
import os
import sys
from datetime import datetime

import jinja2
from jinja2.ext import Extension, loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

FIXED_NOW = datetime(2025, 3, 4, 9, 5, 7)
SPECIAL = {"bos_token": "<BOS>", "eos_token": "<EOS>"}


class Generation(Extension):
    """transformers' AssistantTracker registers {% generation %} ... {% endgeneration %}; without return_assistant_
    tokens_mask it only renders its body."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_render", []), [], [], body).set_lineno(lineno)

    def _render(self, caller):
        return caller()


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return FIXED_NOW.strftime(fmt)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[Generation, loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def render_all(template_dir, conversations):
    env = environment()
    cases = []
    for name in sorted(os.listdir(template_dir)):
        if not name.endswith(".jinja"):
            continue
        with open(os.path.join(template_dir, name), encoding="utf-8") as f:
            source = f.read()
        try:
            compiled = env.from_string(source)
        except jinja2.TemplateSyntaxError as e:
            for c in conversations:
                cases.append({"template": name, "conversation": c["id"], "error": "syntax", "message": str(e)})
            continue
        for c in conversations:
            case = {"template": name, "conversation": c["id"]}
            try:
                # as apply_chat_template: tools and documents are passed (None), plus the special tokens
                case["output"] = compiled.render(messages=c["messages"], tools=c.get("tools"), documents=None,
                                                 add_generation_prompt=c["add_generation_prompt"], **SPECIAL)
            except Exception as e:  # noqa: BLE001 - any failure is an expected "render" error
                case["error"] = "render"
                case["message"] = type(e).__name__ + ": " + str(e)
            cases.append(case)
    return cases


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    with open(sys.argv[2], encoding="utf-8") as f:
        conversations = json.load(f)
    cases = render_all(sys.argv[1], conversations)
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        json.dump({"jinja2": jinja2.__version__, "cases": cases}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    ok = sum(1 for c in cases if "output" in c)
    print(f"{len(cases)} cases, {ok} rendered, {len(cases) - ok} errors")


if __name__ == "__main__":
    main()
