"""A client shaped like verl's sandbox_fusion utils (verl/utils/reward_score/sandbox_fusion/utils.py):
POST the SandboxFusion /run_code payload, retry on 504 with growing delay, read run_result.stdout and grade
like verl's _process_single_case. Standard library only (urllib instead of requests).

usage: verl_style_client.py URL   -> prints one JSON object with the graded results
"""
import json
import sys
import time
import urllib.error
import urllib.request

MAX_RETRIES = 3
INITIAL_RETRY_DELAY = 1
API_TIMEOUT = 10


def call_sandbox_api(url, code, stdin, compile_timeout, run_timeout, memory_limit_mb, language="python"):
    payload = json.dumps({
        "compile_timeout": compile_timeout,
        "run_timeout": run_timeout,
        "code": code,
        "stdin": stdin,
        "memory_limit_MB": memory_limit_mb,
        "language": language,
        "files": {},
        "fetch_files": [],
    }).encode("utf-8")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    last_error = None
    retries_on_504 = 0
    for attempt in range(MAX_RETRIES):
        request = urllib.request.Request(url, data=payload, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=compile_timeout + run_timeout + API_TIMEOUT) as response:
                return json.loads(response.read().decode("utf-8")), None, retries_on_504
        except urllib.error.HTTPError as e:
            if e.code == 504:
                retries_on_504 += 1
                last_error = "Gateway Timeout (504) on attempt %d/%d" % (attempt + 1, MAX_RETRIES)
                if attempt < MAX_RETRIES - 1:
                    time.sleep(INITIAL_RETRY_DELAY * (attempt + 1))
                continue
            return None, "HTTP %d" % e.code, retries_on_504
        except Exception as e:  # noqa: BLE001 - verl also gives up on any other error
            return None, "API Request Error: %s" % e, retries_on_504
    return None, last_error, retries_on_504


def process_case(url, code, stdin, expected, language="python", timeout=10):
    api_response, error, retries = call_sandbox_api(url, code, stdin, timeout, timeout, 1024, language)
    if error:
        return -1, retries
    status = api_response.get("status")
    compile_result = api_response.get("compile_result")
    run_result = api_response.get("run_result")
    if status == "SandboxError":
        return -1, retries
    if status == "Failed":
        if compile_result and (compile_result.get("status") in ["Error", "TimeLimitExceeded"]
                               or (compile_result.get("status") == "Finished"
                                   and compile_result.get("return_code") != 0)):
            return -4, retries
        if run_result:
            if run_result.get("status") == "TimeLimitExceeded":
                return -3, retries
            return -2, retries
        return -1, retries
    if status == "Success":
        if run_result and run_result.get("status") == "Finished":
            actual = run_result.get("stdout") or ""
            return (str(actual).rstrip("\n") == str(expected).rstrip("\n")), retries
        return -1, retries
    return -1, retries


def main():
    url = sys.argv[1]
    cases = json.loads(sys.stdin.read())
    results = []
    total_retries = 0
    for case in cases:
        result, retries = process_case(url, case["code"], case.get("stdin"), case.get("expected", ""),
                                       case.get("language", "python"), case.get("timeout", 10))
        results.append(result)
        total_retries += retries
    print(json.dumps({"results": results, "retries_on_504": total_retries}))


if __name__ == "__main__":
    main()
