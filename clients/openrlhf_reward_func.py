"""OpenRLHF ``reward_func`` file that scores on an Arbiter reward server (standard library only).

OpenRLHF can call the server directly -- ``--reward.remote_url http://HOST:8000/get_reward`` (``--remote_rm_url`` before
v0.11) -- but its HTTP client sends no Authorization header. When the server runs with ``--token-file``, point
OpenRLHF at this file instead (a ``.py`` remote URL is imported and its ``reward_func`` called in-process):

    --reward.remote_url /path/to/clients/openrlhf_reward_func.py
    ARBITER_URL=http://HOST:8000 ARBITER_TOKEN_FILE=/path/to/token

``reward_func(queries, prompts, labels, **kwargs)`` returns ``{"rewards", "scores", "extra_logs"}`` like the server's
``/get_reward`` (torch tensors when torch is importable, as OpenRLHF expects, else lists). OpenRLHF cannot carry a
null reward, so a sample that could not be scored is 0.0 with ``extra_logs["reward_error"]`` 1 -- also when the server
stays unreachable for the whole retry budget (ARBITER_RETRY_BUDGET seconds, default 300). Other settings:
ARBITER_SPEC, ARBITER_DEADLINE_MS, ARBITER_TIMEOUT (seconds per attempt, default 170).
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import random
import socket
import time
import urllib.error
import urllib.request

__all__ = ["reward_func"]

_LOG = logging.getLogger("arbiter.openrlhf")


def _as_list(x):
    if hasattr(x, "tolist") and callable(x.tolist):
        x = x.tolist()
    return list(x)


def _post(payload: dict) -> dict:
    url = os.environ.get("ARBITER_URL", "http://127.0.0.1:8000").rstrip("/") + "/get_reward"
    if os.environ.get("ARBITER_SPEC"):
        url += "?spec=" + urllib.request.quote(os.environ["ARBITER_SPEC"])
    token = os.environ.get("ARBITER_TOKEN")
    if not token and os.environ.get("ARBITER_TOKEN_FILE"):
        with open(os.environ["ARBITER_TOKEN_FILE"], encoding="utf-8") as f:
            token = f.read().strip()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    if os.environ.get("ARBITER_DEADLINE_MS"):
        headers["X-Arbiter-Deadline-Ms"] = os.environ["ARBITER_DEADLINE_MS"]
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    timeout = float(os.environ.get("ARBITER_TIMEOUT", "170"))
    budget = float(os.environ.get("ARBITER_RETRY_BUDGET", "300"))
    give_up, backoff = time.monotonic() + budget, 0.5
    while True:
        wait = None
        try:
            req = urllib.request.Request(url, data=data, headers=headers, method="POST")
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            body = e.read()[:400].decode("utf-8", errors="replace")
            if e.code not in (429, 502, 503, 504):
                raise RuntimeError("Arbiter server at %s answered %d: %s" % (url, e.code, body)) from None
            try:
                wait = max(0.05, float(e.headers.get("Retry-After"))) if e.headers.get("Retry-After") else None
            except ValueError:
                wait = None
            last = "HTTP %d" % e.code
        except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout,
                http.client.HTTPException) as e:
            last = repr(e)
        if wait is None:
            wait, backoff = backoff * (0.5 + random.random()), min(backoff * 2, 8.0)
        if time.monotonic() + wait > give_up:
            raise RuntimeError("Arbiter server at %s unavailable for %.0f s (last: %s)" % (url, budget, last))
        time.sleep(wait)


def reward_func(queries, prompts, labels, **kwargs):
    queries, prompts = _as_list(queries), _as_list(prompts)
    labels = _as_list(labels) if labels is not None else [""] * len(queries)
    try:
        out = _post({"query": queries, "prompts": prompts, "labels": labels})
    except Exception as e:  # noqa: BLE001 -- a reward of 0 flagged as an error, never an exception mid-rollout
        _LOG.warning("arbiter: %d samples not scored (reward_error=1): %s", len(queries), e)
        n = len(queries)
        out = {"rewards": [0.0] * n, "scores": [0.0] * n,
               "extra_logs": {"reward_error": [1.0] * n} if n else {}}
    try:
        import torch  # noqa: PLC0415 -- optional: OpenRLHF itself always has it

        return {"rewards": torch.tensor(out["rewards"], dtype=torch.float),
                "scores": torch.tensor(out.get("scores", out["rewards"]), dtype=torch.float),
                "extra_logs": {k: torch.tensor(v, dtype=torch.float) for k, v in out.get("extra_logs", {}).items()}}
    except ImportError:
        return out
