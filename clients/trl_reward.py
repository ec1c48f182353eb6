"""TRL reward functions that score on an Arbiter reward server (standard library only, Python 3.8+).

    from trl_reward import arbiter_reward_func
    trainer = GRPOTrainer(..., reward_funcs=[arbiter_reward_func("math", reference_column="solution")])

``arbiter_reward_func(spec)`` returns ``f(prompts, completions, **kwargs) -> list[float | None]``, the callable TRL's
``GRPOTrainer`` / ``RLOOTrainer`` accept (``arbiter_reward_func_async`` returns the ``async def`` variant, which TRL
gathers concurrently with other async reward functions). It sends the prompts, the completions (standard or
conversational) and every JSON-ready dataset column of the batch to ``POST /v1/trl/reward``; the reference is the
column ``reference_column`` names, else the first of reference, solution, ground_truth, answer, label.

A sample that could not be scored is ``None`` -- TRL's "no reward": excluded from the weighted sum instead of trained
on as 0. That covers samples the server could not score and, with a warning, a server that stayed unreachable for
the whole retry budget. A misconfiguration the server reports (401 wrong token, 404 unknown spec or path) raises
``ArbiterConfigError``. The server's per-sample ``extra`` columns go to ``log_extra`` and its ``metrics`` to
``log_metric`` when TRL passes those.

Settings come from the arguments, else the environment: ARBITER_URL (default http://127.0.0.1:8000),
ARBITER_TOKEN or ARBITER_TOKEN_FILE, ARBITER_DEADLINE_MS, ARBITER_TIMEOUT (seconds per attempt, default 180),
ARBITER_RETRY_BUDGET (seconds of retrying 503/504 and connection errors, default 300), ARBITER_MAX_BATCH (1024).
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

__all__ = ["arbiter_reward_func", "arbiter_reward_func_async", "ArbiterConfigError"]

_LOG = logging.getLogger("arbiter.trl")
_DROP = object()
# keyword arguments TRL passes that are not dataset columns
_NOT_COLUMNS = {"trainer_state", "log_extra", "log_metric", "environments", "completion_ids", "prompts",
                "completions"}


class ArbiterConfigError(RuntimeError):
    """The server refused the request for a reason retrying cannot fix (wrong token, unknown spec or path)."""


class _Unavailable(RuntimeError):
    """The server could not be reached or stayed overloaded for the whole retry budget."""


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
    if hasattr(x, "tolist") and callable(x.tolist):
        return _plain(x.tolist(), depth + 1)
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            pv = _plain(v, depth + 1)
            if pv is not _DROP:
                out[str(k)] = pv
        return out
    if isinstance(x, (list, tuple)):
        return [None if v is _DROP else v for v in (_plain(i, depth + 1) for i in x)]
    return _DROP


def _post(url: str, payload: dict, token, deadline_ms, timeout: float, budget: float) -> dict:
    data = json.dumps(payload, ensure_ascii=False, allow_nan=False).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    if deadline_ms:
        headers["X-Arbiter-Deadline-Ms"] = str(deadline_ms)
    give_up = time.monotonic() + budget
    backoff = 0.5
    while True:
        wait = None
        try:
            req = urllib.request.Request(url, data=data, headers=headers, method="POST")
            with urllib.request.urlopen(req, timeout=timeout) as resp:
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
            raise _Unavailable("Arbiter server at %s unavailable for %.0f s (last: %s)" % (url, budget, last))
        time.sleep(wait)


def arbiter_reward_func(spec=None, *, url=None, token=None, reference_column=None, name=None, timeout=None,
                        retry_budget=None, deadline_ms=None, max_batch=None):
    """A TRL reward function scoring with the server's spec ``spec`` (None: the server's default spec)."""

    def settings():
        tok = token or os.environ.get("ARBITER_TOKEN")
        if not tok and os.environ.get("ARBITER_TOKEN_FILE"):
            with open(os.environ["ARBITER_TOKEN_FILE"], encoding="utf-8") as f:
                tok = f.read().strip()
        return {
            "url": (url or os.environ.get("ARBITER_URL", "http://127.0.0.1:8000")).rstrip("/") + "/v1/trl/reward",
            "token": tok or None,
            "deadline_ms": deadline_ms or os.environ.get("ARBITER_DEADLINE_MS") or None,
            "timeout": float(timeout or os.environ.get("ARBITER_TIMEOUT", "180")),
            "budget": float(retry_budget if retry_budget is not None else os.environ.get("ARBITER_RETRY_BUDGET", "300")),
            "max_batch": int(max_batch or os.environ.get("ARBITER_MAX_BATCH", "1024")),
        }

    def reward_func(prompts=None, completions=None, **kwargs):
        s = settings()
        completions = list(completions or [])
        n = len(completions)
        prompts = list(prompts) if prompts is not None else None
        columns = {}
        for key, values in kwargs.items():
            if key in _NOT_COLUMNS or isinstance(values, (str, bytes, dict)):
                continue
            try:
                if len(values) != n:
                    continue
            except TypeError:
                continue
            plain = _plain(list(values))
            if plain is not _DROP:
                columns[key] = plain
        state = kwargs.get("trainer_state")
        step = getattr(state, "global_step", None)
        rewards = []
        for start in range(0, n, max(1, s["max_batch"])):
            end = min(n, start + s["max_batch"])
            chunk = completions[start:end]
            payload = {
                "reward_fn": spec,
                "format": "conversational" if chunk and isinstance(chunk[0], list) else "standard",
                "completions": _plain(chunk),
                "columns": {k: v[start:end] for k, v in columns.items()},
            }
            if prompts is not None:
                payload["prompts"] = _plain(prompts[start:end])
            if reference_column:
                payload["reference_column"] = reference_column
            if isinstance(step, int):
                payload["global_step"] = step
            try:
                answer = _post(s["url"], payload, s["token"], s["deadline_ms"], s["timeout"], s["budget"])
            except ArbiterConfigError:
                raise
            except Exception as e:  # noqa: BLE001 -- TRL gets None ("no reward"), not an exception
                _LOG.warning("arbiter: %d completions not scored (None): %s", end - start, e)
                rewards.extend([None] * (end - start))
                continue
            rewards.extend(None if r is None else float(r) for r in answer.get("rewards", []))
            log_extra, log_metric = kwargs.get("log_extra"), kwargs.get("log_metric")
            if callable(log_extra):
                for column, values in (answer.get("extra") or {}).items():
                    log_extra(column, values)
            if callable(log_metric):
                for metric, value in (answer.get("metrics") or {}).items():
                    log_metric(metric, value)
        return rewards

    reward_func.__name__ = name or ("arbiter_" + (spec or "default")).replace("-", "_").replace(".", "_")
    return reward_func


def arbiter_reward_func_async(spec=None, **options):
    """The ``async def`` variant of :func:`arbiter_reward_func` (runs the HTTP call in a worker thread)."""
    sync = arbiter_reward_func(spec, **options)

    async def reward_func(prompts=None, completions=None, **kwargs):
        return await asyncio.to_thread(sync, prompts=prompts, completions=completions, **kwargs)

    reward_func.__name__ = sync.__name__
    return reward_func
