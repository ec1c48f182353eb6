"""Runs every client in clients/ against a live Arbiter server the way each trainer calls it; prints one JSON report.

Usage: python3 drive_clients.py CLIENTS_DIR    (ARBITER_URL and ARBITER_TOKEN in the environment)
Standard library only. The Java test (PythonClientsTest) checks the report.
"""

import asyncio
import http.client
import http.server
import importlib.util
import json
import os
import sys
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor


def load(name, path):
    # as verl and OpenRLHF load a reward file: by path, not by package import
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeNumpyArray:
    """Stands in for the numpy values verl reads back from parquet (has tolist, is not JSON-serializable)."""

    def __init__(self, values):
        self.values = values

    def tolist(self):
        return list(self.values)


class Unserializable:
    pass


def post_fresh_connection(base, path, payload, token):
    """One request on a fresh connection, closed after -- OpenRLHF opens a new aiohttp session per sample."""
    url = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        headers = {"Content-Type": "application/json", "Connection": "close"}
        if token:
            headers["Authorization"] = "Bearer " + token
        conn.request("POST", path, body=json.dumps(payload), headers=headers)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())
    finally:
        conn.close()


class OverloadThenOk(http.server.BaseHTTPRequestHandler):
    """A stub that answers 503 with Retry-After once, then a verl item: checks the shim's retry."""
    calls = 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        OverloadThenOk.calls += 1
        if OverloadThenOk.calls == 1:
            body, status = b'{"error": "overload"}', 503
        else:
            body, status = b'{"score": 1.0, "acc": 1.0, "reward_error": 0, "status": "ok", "reason": ""}', 200
        self.send_response(status)
        if status == 503:
            self.send_header("Retry-After", "1")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    clients = sys.argv[1]
    base = os.environ["ARBITER_URL"]
    token = os.environ.get("ARBITER_TOKEN")
    report = {}

    verl = load("verl_compute_score", os.path.join(clients, "verl_compute_score.py"))
    trl = load("trl_reward", os.path.join(clients, "trl_reward.py"))
    orlhf = load("openrlhf_reward_func", os.path.join(clients, "openrlhf_reward_func.py"))

    # verl reward loop: one asyncio task per sample, keyword arguments, extra kwargs injected by the trainer
    async def reward_loop():
        rows = [("openai/gsm8k", "48 + 24 = 72\n#### 72", "72"),
                ("openai/gsm8k", "#### 71", FakeNumpyArray(["72"])),
                ("openai/gsm8k", "#### 5", "5")]
        tasks = [verl.compute_score(data_source=ds, solution_str=sol, ground_truth=gt,
                                    extra_info={"index": i, "split": "train", "num_turns": FakeNumpyArray([2]),
                                                "tokenizer": Unserializable(), "score_nan": float("nan")},
                                    reward_router_address=None)
                 for i, (ds, sol, gt) in enumerate(rows)]
        return await asyncio.gather(*tasks)

    report["verl_async"] = asyncio.run(reward_loop())
    report["verl_sync"] = verl.compute_score_sync(data_source="openai/gsm8k", solution_str="#### 10",
                                                  ground_truth="10", extra_info=None)
    # verl's batch manager: one call with plural keywords plus reward_kwargs
    report["verl_batch"] = verl.compute_score_batch(
        data_sources=["openai/gsm8k"] * 3, solution_strs=["#### 1", "#### 2", "#### 3"],
        ground_truths=["1", "0", FakeNumpyArray(["3"])], extra_infos=[{"index": 0}, {"index": 1}, {"index": 2}],
        some_reward_kwarg=1)

    # TRL: standard and conversational formats, dataset columns, trainer state and the logging callbacks
    logged = {"extra": {}, "metrics": {}}

    class State:
        global_step = 7

    f = trl.arbiter_reward_func(None, reference_column="solution")
    report["trl_name"] = f.__name__
    report["trl_standard"] = f(prompts=["6*7?", "6*7?", "6*7?"], completions=["#### 42", "#### 41", "#### 42"],
                               completion_ids=[[1], [2], [3]], solution=["42", "42", None],
                               task=["m", "m", "m"], trainer_state=State(),
                               log_extra=lambda c, v: logged["extra"].__setitem__(c, v),
                               log_metric=lambda n, v: logged["metrics"].__setitem__(n, v))
    report["trl_logged"] = logged
    fa = trl.arbiter_reward_func_async(None)
    report["trl_conversational"] = asyncio.run(fa(
        prompts=[[{"role": "user", "content": "6*7?"}]],
        completions=[[{"role": "assistant", "content": "so #### 42"}]], solution=["42"]))

    # OpenRLHF >= v0.9.1: one sample per request, each on a fresh connection, many at once;
    # with several URLs the other servers get empty lists
    prompt = "<|im_start|>user\nWhat is 6*7?<|im_end|>\n<|im_start|>assistant\n"
    samples = [(prompt + "6*7 = 42\n#### 42<|im_end|>", prompt, "42"),
               (prompt + "#### 40<|im_end|>", prompt, "42"),
               (prompt + "#### 9<|im_end|>\n<|endoftext|>", prompt, "9")] * 4

    def one(sample):
        q, p, label = sample
        return post_fresh_connection(base, "/get_reward", {"query": [q], "prompts": [p], "labels": [label]}, token)

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(one, samples))
    report["openrlhf_statuses"] = sorted({s for s, _ in answers})
    report["openrlhf_rewards"] = [a["rewards"][0] for _, a in answers]
    report["openrlhf_shape"] = sorted(answers[0][1].keys())
    report["openrlhf_empty"] = post_fresh_connection(base, "/get_reward",
                                                     {"query": [], "prompts": [], "labels": []}, token)[1]
    report["openrlhf_reward_func"] = orlhf.reward_func([s[0] for s in samples[:3]], [s[1] for s in samples[:3]],
                                                       [s[2] for s in samples[:3]])

    # slime remote_rm: one POST per sample
    report["slime"] = post_fresh_connection(base, "/v1/slime/remote_rm",
                                            {"prompt": "What is 6*7?", "response": "#### 42", "label": "42"}, token)[1]

    # the "could not compute" signals when the server cannot be reached at all
    saved = dict(os.environ)
    os.environ["ARBITER_URL"] = "http://127.0.0.1:" + os.environ["ARBITER_DEAD_PORT"]
    os.environ["ARBITER_RETRY_BUDGET"] = "0.3"
    report["down_verl"] = verl.compute_score_sync(data_source="d", solution_str="s", ground_truth="g")
    report["down_verl_batch"] = verl.compute_score_batch(data_sources=["d", "d"], solution_strs=["a", "b"],
                                                         ground_truths=["a", "b"])
    report["down_trl"] = trl.arbiter_reward_func("x")(prompts=["p", "p"], completions=["a", "b"])
    report["down_openrlhf"] = orlhf.reward_func(["q"], [""], ["l"])
    os.environ.clear()
    os.environ.update(saved)

    # a wrong token is a configuration error: raised, not silently scored
    os.environ["ARBITER_TOKEN"] = "wrong"
    try:
        verl.compute_score_sync(data_source="d", solution_str="s", ground_truth="g")
        report["wrong_token"] = "not raised"
    except verl.ArbiterConfigError as e:
        report["wrong_token"] = "raised: " + str(e)[:60]
    os.environ.clear()
    os.environ.update(saved)

    # overload: the shim honours Retry-After and retries 503
    stub = http.server.HTTPServer(("127.0.0.1", 0), OverloadThenOk)
    threading.Thread(target=stub.serve_forever, daemon=True).start()
    os.environ["ARBITER_URL"] = "http://127.0.0.1:%d" % stub.server_address[1]
    report["retry_after_503"] = verl.compute_score_sync(data_source="d", solution_str="s", ground_truth="g")
    report["retry_calls"] = OverloadThenOk.calls
    stub.shutdown()
    os.environ.clear()
    os.environ.update(saved)

    print(json.dumps(report))


if __name__ == "__main__":
    main()
