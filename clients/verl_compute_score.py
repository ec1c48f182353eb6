"""verl custom reward function that scores on an Arbiter reward server.

Point verl at this file (standard library only, Python 3.8+):

    reward.custom_reward_function.path=/path/to/clients/verl_compute_score.py
    reward.custom_reward_function.name=compute_score          # async, for the reward loop (default since 2026)
    # legacy managers:  name=compute_score_sync  (naive, dapo, prime)
    #                   name=compute_score_batch (reward_manager=batch)

Configuration, read from the environment on every call:

    ARBITER_URL            server base URL, default http://127.0.0.1:8000
    ARBITER_TOKEN          bearer token (or ARBITER_TOKEN_FILE: a file holding it)
    ARBITER_SPEC           named spec to use (default: the server's default spec)
    ARBITER_DEADLINE_MS    per-request deadline sent as X-Arbiter-Deadline-Ms (default: the server's)
    ARBITER_TIMEOUT        seconds one HTTP attempt may take, default 180
    ARBITER_RETRY_BUDGET   seconds to keep retrying overload (503/504) and connection errors, default 300
    ARBITER_MAX_BATCH      samples per request of compute_score_batch, default 1024

Every call returns a dict with the same keys, ``score``, ``acc`` and ``reward_error`` (verl builds one column per
key from the first item). verl has no "no reward" value, so a sample that could not be scored -- on the server
(``status`` other than ``ok``) or because the server stayed unreachable for the whole retry budget -- is
``{"score": 0.0, "acc": 0.0, "reward_error": 1}``, never a silent 0. A misconfiguration the server reports (401
wrong token, 404 unknown spec or path) raises ``ArbiterConfigError`` so training stops at the first step instead.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import math
import os
import random
import socket
import time
import urllib.error
import urllib.request

__all__ = ["compute_score", "compute_score_sync", "compute_score_batch", "ArbiterConfigError"]

_LOG = logging.getLogger("arbiter.verl")
_FAILED = {"score": 0.0, "acc": 0.0, "reward_error": 1}
_DROP = object()


class ArbiterConfigError(RuntimeError):
    """The server refused the request for a reason retrying cannot fix (wrong token, unknown spec or path)."""


class _Unavailable(RuntimeError):
    """The server could not be reached or stayed overloaded for the whole retry budget."""


def _settings() -> dict:
    token = os.environ.get("ARBITER_TOKEN")
    token_file = os.environ.get("ARBITER_TOKEN_FILE")
    if not token and token_file:
        with open(token_file, encoding="utf-8") as f:
            token = f.read().strip()
    return {
        "url": os.environ.get("ARBITER_URL", "http://127.0.0.1:8000").rstrip("/"),
        "token": token or None,
        "spec": os.environ.get("ARBITER_SPEC") or None,
        "deadline_ms": os.environ.get("ARBITER_DEADLINE_MS") or None,
        "timeout": float(os.environ.get("ARBITER_TIMEOUT", "180")),
        "budget": float(os.environ.get("ARBITER_RETRY_BUDGET", "300")),
        "max_batch": int(os.environ.get("ARBITER_MAX_BATCH", "1024")),
    }


def _plain(x, depth: int = 0):
    """JSON-ready copy: numpy arrays and scalars become lists and numbers, NaN becomes None, the rest is dropped."""
    if depth > 32:
        return _DROP
    if x is None or isinstance(x, (bool, int, str)):
        return x
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, bytes):
        return x.decode("utf-8", errors="replace")
    if hasattr(x, "tolist") and callable(x.tolist):  # numpy arrays and scalars, torch tensors
        return _plain(x.tolist(), depth + 1)
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            pv = _plain(v, depth + 1)
            if pv is not _DROP:
                out[str(k)] = pv
        return out
    if isinstance(x, (list, tuple, set, frozenset)):
        return [None if v is _DROP else v for v in (_plain(i, depth + 1) for i in x)]
    return _DROP


def _post(path: str, payload: dict, s: dict) -> dict:
    """POSTs JSON; retries 503/504/429 (honouring Retry-After) and connection errors within the retry budget."""
    url = s["url"] + path
    if s["spec"]:
        url += ("&" if "?" in url else "?") + "spec=" + urllib.request.quote(s["spec"])
    data = json.dumps(payload, ensure_ascii=False, allow_nan=False).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if s["token"]:
        headers["Authorization"] = "Bearer " + s["token"]
    if s["deadline_ms"]:
        headers["X-Arbiter-Deadline-Ms"] = str(s["deadline_ms"])
    give_up = time.monotonic() + s["budget"]
    backoff = 0.5
    while True:
        wait = None
        try:
            req = urllib.request.Request(url, data=data, headers=headers, method="POST")
            with urllib.request.urlopen(req, timeout=s["timeout"]) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            body = e.read()[:400].decode("utf-8", errors="replace")
            if e.code in (401, 403, 404, 405):
                raise ArbiterConfigError("Arbiter server at %s answered %d: %s" % (url, e.code, body)) from None
            if e.code not in (429, 502, 503, 504):
                raise _Unavailable("Arbiter server answered %d: %s" % (e.code, body)) from None
            retry_after = e.headers.get("Retry-After") if e.headers else None
            try:
                wait = max(0.05, float(retry_after)) if retry_after else None
            except ValueError:
                wait = None
            last = "HTTP %d" % e.code
        except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout,
                http.client.HTTPException) as e:
            last = repr(e)
        if wait is None:
            wait = backoff * (0.5 + random.random())
            backoff = min(backoff * 2, 8.0)
        if time.monotonic() + wait > give_up:
            raise _Unavailable("Arbiter server at %s unavailable for %.0f s (last: %s)" % (url, s["budget"], last))
        time.sleep(wait)


def _item(r: dict) -> dict:
    score = float(r.get("score", 0.0))
    err = int(r.get("reward_error", 0 if r.get("status", "ok") == "ok" else 1))
    return {"score": score, "acc": float(r.get("acc", score)), "reward_error": err}


def compute_score_sync(data_source=None, solution_str=None, ground_truth=None, extra_info=None, **kwargs) -> dict:
    """Scores one sample (blocking). Extra keyword arguments verl injects are accepted and ignored."""
    s = _settings()
    payload = {"data_source": _plain(data_source), "solution_str": _plain(solution_str),
               "ground_truth": _plain(ground_truth), "extra_info": _plain(extra_info)}
    payload = {k: (None if v is _DROP else v) for k, v in payload.items()}
    try:
        return _item(_post("/v1/verl/compute_score", payload, s))
    except ArbiterConfigError:
        raise
    except Exception as e:  # noqa: BLE001 -- verl must get a score, not an exception
        _LOG.warning("arbiter: sample not scored (reward_error=1): %s", e)
        return dict(_FAILED)


async def compute_score(data_source=None, solution_str=None, ground_truth=None, extra_info=None, **kwargs) -> dict:
    """Scores one sample; ``async`` so verl's reward loop awaits it without blocking its event loop."""
    return await asyncio.to_thread(compute_score_sync, data_source=data_source, solution_str=solution_str,
                                   ground_truth=ground_truth, extra_info=extra_info)


def compute_score_batch(data_sources=None, solution_strs=None, ground_truths=None, extra_infos=None,
                        **kwargs) -> list:
    """Scores a batch for verl's ``batch`` reward manager; one dict per sample, in order."""
    s = _settings()
    solutions = list(solution_strs or [])
    n = len(solutions)

    def column(values, name):
        if values is None:
            return [None] * n
        values = _plain(values if not isinstance(values, (tuple, set)) else list(values))
        if not isinstance(values, list) or len(values) != n:
            raise ValueError("%s must be a list of %d items (one per solution_str)" % (name, n))
        return values

    sources, truths = column(data_sources, "data_sources"), column(ground_truths, "ground_truths")
    infos, sols = column(extra_infos, "extra_infos"), column(solutions, "solution_strs")
    out = []
    for start in range(0, n, max(1, s["max_batch"])):
        end = min(n, start + s["max_batch"])
        payload = {"data_sources": sources[start:end], "solution_strs": sols[start:end],
                   "ground_truths": truths[start:end], "extra_infos": infos[start:end]}
        try:
            results = _post("/v1/verl/compute_score_batch", payload, s)["results"]
            out.extend(_item(r) for r in results)
        except ArbiterConfigError:
            raise
        except Exception as e:  # noqa: BLE001
            _LOG.warning("arbiter: %d samples not scored (reward_error=1): %s", end - start, e)
            out.extend(dict(_FAILED) for _ in range(end - start))
    return out
