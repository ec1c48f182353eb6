"""Writes src/main/resources/dev/arbiter/code/bench/problems.jsonl: the 30 problems (tests, correct and known-wrong
solutions) used by CodeBench and as the suite-quality example. Expected outputs are computed here, in Python.

usage: python3 code/scripts/gen_problems.py
"""
import json, math, os

problems = []

def stdio(pid, inputs, fn, correct, wrong):
    outs = [fn(i) for i in inputs]
    problems.append({"id": pid, "language": "python",
                     "tests": {"inputs": inputs, "outputs": outs},
                     "correct_solutions": correct, "wrong_solutions": wrong})

def call(pid, fn_name, args, fn, correct, wrong):
    outs = [fn(*a) for a in args]
    problems.append({"id": pid, "language": "python",
                     "tests": {"fn_name": fn_name, "inputs": args, "outputs": outs},
                     "correct_solutions": correct, "wrong_solutions": wrong})

def asserts(pid, asserts_list, correct, wrong):
    problems.append({"id": pid, "language": "python", "tests": {"test_list": asserts_list},
                     "correct_solutions": correct, "wrong_solutions": wrong})

LOOP = "while True:\n    pass"

# 1. two-integer arithmetic
pairs = ["1 2\n", "10 20\n", "-7 3\n", "1000000 999999\n"]
stdio("add", pairs, lambda s: str(sum(map(int, s.split()))) + "\n",
      ["a, b = map(int, input().split())\nprint(a + b)", "import sys\nx = list(map(int, sys.stdin.read().split()))\nprint(sum(x))"],
      ["a, b = map(int, input().split())\nprint(a - b)", "a, b = input().split()\nprint(a + b)", "a, b = map(int, input().split())\nprint(abs(a) + abs(b))"])
stdio("subtract", pairs, lambda s: str(int(s.split()[0]) - int(s.split()[1])) + "\n",
      ["a, b = map(int, input().split())\nprint(a - b)", "a, b = [int(t) for t in input().split()]\nprint(-(b - a))"],
      ["a, b = map(int, input().split())\nprint(b - a)", "a, b = map(int, input().split())\nprint(abs(a - b))", "print(int(input()) - 1)"])
stdio("multiply", pairs, lambda s: str(int(s.split()[0]) * int(s.split()[1])) + "\n",
      ["a, b = map(int, input().split())\nprint(a * b)", "import math\nprint(math.prod(map(int, input().split())))"],
      ["a, b = map(int, input().split())\nprint(a + b)", "a, b = map(float, input().split())\nprint(a * b)", "a, b = map(int, input().split())\nprint(a * b % 1000)"])
# 2. strings
words = ["racecar\n", "hello\n", "a\n", "abba\n", "Noon\n"]
stdio("reverse", words, lambda s: s.strip()[::-1] + "\n",
      ["print(input()[::-1])", "s = input()\nprint(''.join(reversed(s)))"],
      ["print(input())", "s = input()\nprint(s[::-1][1:])", "s = input()\nprint(s[len(s)])"])
stdio("palindrome", words, lambda s: ("YES" if s.strip() == s.strip()[::-1] else "NO") + "\n",
      ["s = input().strip()\nprint('YES' if s == s[::-1] else 'NO')", "s = input().strip()\nok = all(s[i] == s[-1 - i] for i in range(len(s) // 2))\nprint('YES' if ok else 'NO')"],
      ["s = input().strip().lower()\nprint('YES' if s == s[::-1] else 'NO')", "print('YES')", "s = input()\nprint('YES' if s[0] == s[-1] else 'NO')"])
stdio("upper", words, lambda s: s.strip().upper() + "\n",
      ["print(input().upper())", "print(''.join(c.upper() for c in input()))"],
      ["print(input().title())", "print(input().capitalize())", "print(input().lower())"])
# 3. counting
lines = ["hello world\n", "aeiou xyz\n", "rhythm\n", "A quick brown fox\n"]
stdio("vowels", lines, lambda s: str(sum(c in "aeiouAEIOU" for c in s)) + "\n",
      ["print(sum(c in 'aeiouAEIOU' for c in input()))", "s = input().lower()\nprint(sum(s.count(v) for v in 'aeiou'))"],
      ["print(sum(c in 'aeiou' for c in input()))", "print(len(input()))", "print(sum(c in 'aeiouy' for c in input().lower()))"])
stdio("words", lines, lambda s: str(len(s.split())) + "\n",
      ["print(len(input().split()))", "import re\nprint(len(re.findall(r'\\S+', input())))"],
      ["print(input().count(' '))", "print(len(input().split('o')))", "print(len(input()))"])
stdio("digits", ["a1b2c3\n", "no digits\n", "2024\n", "x9\n"], lambda s: str(sum(c.isdigit() for c in s)) + "\n",
      ["print(sum(c.isdigit() for c in input()))", "import re\nprint(len(re.findall(r'[0-9]', input())))"],
      ["print(sum(c.isalnum() for c in input()))", "print(sum(int(c) for c in input() if c.isdigit()))", "print(input().count('1'))"])
# 4. lists
lists = ["3\n1 2 3\n", "5\n5 -1 4 4 0\n", "1\n42\n", "4\n-3 -2 -9 -1\n"]
def nums(s): return list(map(int, s.split("\n")[1].split()))
stdio("maximum", lists, lambda s: str(max(nums(s))) + "\n",
      ["input()\nprint(max(map(int, input().split())))", "n = int(input())\nxs = list(map(int, input().split()))\nbest = xs[0]\nfor x in xs:\n    best = max(best, x)\nprint(best)"],
      ["input()\nprint(min(map(int, input().split())))", "input()\nxs = list(map(int, input().split()))\nprint(xs[-1])", "n = int(input())\nxs = list(map(int, input().split()))\nbest = 0\nfor x in xs:\n    best = max(best, x)\nprint(best)"])
stdio("sort", lists, lambda s: " ".join(map(str, sorted(nums(s)))) + "\n",
      ["input()\nprint(*sorted(map(int, input().split())))", "input()\nxs = list(map(int, input().split()))\nxs.sort()\nprint(' '.join(map(str, xs)))"],
      ["input()\nprint(*sorted(input().split()))", "input()\nprint(*sorted(map(int, input().split()), reverse=True))", "input()\nprint(*sorted(set(map(int, input().split()))))"])
stdio("sum_list", lists, lambda s: str(sum(nums(s))) + "\n",
      ["input()\nprint(sum(map(int, input().split())))", "n = int(input())\nt = 0\nfor x in input().split():\n    t += int(x)\nprint(t)"],
      ["n = int(input())\nprint(sum(range(n + 1)))", "input()\nxs = list(map(int, input().split()))\nprint(sum(xs[1:]))", "input()\nprint(sum(abs(int(x)) for x in input().split()))"])
# 5. sequences
ns = ["1\n", "2\n", "10\n", "30\n"]
def fib(n):
    a, b = 0, 1
    for _ in range(n): a, b = b, a + b
    return a
stdio("fibonacci", ns, lambda s: str(fib(int(s))) + "\n",
      ["n = int(input())\na, b = 0, 1\nfor _ in range(n):\n    a, b = b, a + b\nprint(a)", "from functools import lru_cache\n@lru_cache(None)\ndef f(n):\n    return n if n < 2 else f(n - 1) + f(n - 2)\nprint(f(int(input())))"],
      ["n = int(input())\na, b = 1, 1\nfor _ in range(n):\n    a, b = b, a + b\nprint(a)", "def f(n):\n    return n if n < 2 else f(n - 1) + f(n - 2)\nprint(f(int(input())) + (1 if int(input() or 0) else 0))", LOOP])
stdio("factorial_mod", ns, lambda s: str(math.factorial(int(s)) % 1000000007) + "\n",
      ["import math\nprint(math.factorial(int(input())) % 1000000007)", "n = int(input())\nr = 1\nfor i in range(2, n + 1):\n    r = r * i % 1000000007\nprint(r)"],
      ["n = int(input())\nr = 1\nfor i in range(2, n):\n    r = r * i % 1000000007\nprint(r)", "import math\nprint(math.factorial(int(input())))", "n = int(input())\nprint(n * (n - 1))"])
stdio("power_of_two", ns, lambda s: str(pow(2, int(s), 1000000007)) + "\n",
      ["print(pow(2, int(input()), 1000000007))", "n = int(input())\nr = 1\nfor _ in range(n):\n    r = r * 2 % 1000000007\nprint(r)"],
      ["print(2 * int(input()))", "print(pow(2, int(input()) - 1, 1000000007))", "print(int(input()) ** 2)"])
# 6. primes
pn = ["2\n", "15\n", "97\n", "1\n", "100\n"]
def isprime(n): return n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1))
stdio("is_prime", pn, lambda s: ("YES" if isprime(int(s)) else "NO") + "\n",
      ["n = int(input())\nprint('YES' if n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1)) else 'NO')", "n = int(input())\nok = n >= 2\nd = 2\nwhile d * d <= n:\n    if n % d == 0:\n        ok = False\n    d += 1\nprint('YES' if ok else 'NO')"],
      ["n = int(input())\nprint('YES' if all(n % d for d in range(2, n)) else 'NO')", "n = int(input())\nprint('YES' if n % 2 else 'NO')", "n = int(input())\nprint('YES' if n > 1 and all(n % d for d in range(2, int(n ** 0.5))) else 'NO')"])
stdio("count_primes", pn, lambda s: str(sum(isprime(k) for k in range(int(s) + 1))) + "\n",
      ["n = int(input())\nprint(sum(1 for k in range(2, n + 1) if all(k % d for d in range(2, int(k ** 0.5) + 1))))", "n = int(input())\nsieve = [True] * (n + 1)\nc = 0\nfor i in range(2, n + 1):\n    if sieve[i]:\n        c += 1\n        for j in range(i * i, n + 1, i):\n            sieve[j] = False\nprint(c)"],
      ["n = int(input())\nprint(sum(1 for k in range(2, n) if all(k % d for d in range(2, int(k ** 0.5) + 1))))", "n = int(input())\nprint(n // 2)", "n = int(input())\nsieve = [True] * (n + 1)\nprint(sum(sieve[2:]))"])
stdio("gcd", ["12 18\n", "7 13\n", "100 10\n", "0 5\n"], lambda s: str(math.gcd(*map(int, s.split()))) + "\n",
      ["import math\nprint(math.gcd(*map(int, input().split())))", "a, b = map(int, input().split())\nwhile b:\n    a, b = b, a % b\nprint(a)"],
      ["a, b = map(int, input().split())\nprint(min(a, b))", "a, b = map(int, input().split())\nwhile b:\n    a, b = b, a // b\nprint(a)", "a, b = map(int, input().split())\nprint(a % b)"])
# 7. digits
stdio("digit_sum", ["123\n", "0\n", "99999\n", "1000\n"], lambda s: str(sum(map(int, s.strip()))) + "\n",
      ["print(sum(map(int, input().strip())))", "n = int(input())\nt = 0\nwhile n:\n    t += n % 10\n    n //= 10\nprint(t)"],
      ["print(len(input().strip()))", "n = int(input())\nt = 0\nwhile n > 9:\n    t += n % 10\n    n //= 10\nprint(t)", "print(int(input()) % 9)"])
# 8. call-based
call("two_sum", "twoSum", [[[2, 7, 11, 15], 9], [[3, 2, 4], 6], [[3, 3], 6], [[1, 5, 9], 14]],
     lambda xs, t: next([i, j] for i in range(len(xs)) for j in range(i + 1, len(xs)) if xs[i] + xs[j] == t),
     ["class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        seen = {}\n        for i, x in enumerate(nums):\n            if target - x in seen:\n                return [seen[target - x], i]\n            seen[x] = i",
      "def twoSum(nums, target):\n    for i in range(len(nums)):\n        for j in range(i + 1, len(nums)):\n            if nums[i] + nums[j] == target:\n                return [i, j]"],
     ["class Solution:\n    def twoSum(self, nums, target):\n        for i in range(len(nums)):\n            for j in range(len(nums)):\n                if nums[i] + nums[j] == target:\n                    return [i, j]",
      "def twoSum(nums, target):\n    return [0, 1]", "class Solution:\n    def twoSum(self, nums, target):\n        return sorted(nums)[:2]"])
call("is_anagram", "isAnagram", [["anagram", "nagaram"], ["rat", "car"], ["a", "ab"], ["", ""]],
     lambda a, b: sorted(a) == sorted(b),
     ["class Solution:\n    def isAnagram(self, s: str, t: str) -> bool:\n        return sorted(s) == sorted(t)",
      "from collections import Counter\ndef isAnagram(s, t):\n    return Counter(s) == Counter(t)"],
     ["def isAnagram(s, t):\n    return set(s) == set(t)", "def isAnagram(s, t):\n    return len(s) == len(t)", "class Solution:\n    def isAnagram(self, s, t):\n        return s == t[::-1]"])
call("running_sum", "runningSum", [[[1, 2, 3, 4]], [[1, 1, 1]], [[5]], [[3, -1, 2]]],
     lambda xs: [sum(xs[:i + 1]) for i in range(len(xs))],
     ["class Solution:\n    def runningSum(self, nums: List[int]) -> List[int]:\n        out, t = [], 0\n        for x in nums:\n            t += x\n            out.append(t)\n        return out",
      "from itertools import accumulate\ndef runningSum(nums):\n    return list(accumulate(nums))"],
     ["def runningSum(nums):\n    return [sum(nums[:i]) for i in range(len(nums))]", "def runningSum(nums):\n    return nums", "def runningSum(nums):\n    return [sum(nums)] * len(nums)"])
# 9. assert-style (MBPP)
asserts("square_list", ["assert square_list([1, 2, 3]) == [1, 4, 9]", "assert square_list([]) == []", "assert square_list([-2]) == [4]"],
        ["def square_list(xs):\n    return [x * x for x in xs]", "def square_list(xs):\n    return list(map(lambda x: x ** 2, xs))"],
        ["def square_list(xs):\n    return [x * 2 for x in xs]", "def square_list(xs):\n    return [abs(x) for x in xs]", "def square_list(xs):\n    return xs[0] ** 2"])
asserts("filter_even", ["assert filter_even([1, 2, 3, 4]) == [2, 4]", "assert filter_even([1, 3]) == []", "assert filter_even([0, -2]) == [0, -2]"],
        ["def filter_even(xs):\n    return [x for x in xs if x % 2 == 0]", "def filter_even(xs):\n    return list(filter(lambda x: not x % 2, xs))"],
        ["def filter_even(xs):\n    return [x for x in xs if x % 2]", "def filter_even(xs):\n    return [x for x in xs if x > 0 and x % 2 == 0]", "def filter_even(xs):\n    return xs[1::2]"])
asserts("dedupe", ["assert dedupe([1, 1, 2, 3, 3]) == [1, 2, 3]", "assert dedupe([3, 1, 3]) == [3, 1]", "assert dedupe([]) == []"],
        ["def dedupe(xs):\n    seen, out = set(), []\n    for x in xs:\n        if x not in seen:\n            seen.add(x)\n            out.append(x)\n    return out", "def dedupe(xs):\n    return list(dict.fromkeys(xs))"],
        ["def dedupe(xs):\n    return sorted(set(xs))", "def dedupe(xs):\n    return list(set(xs))", "def dedupe(xs):\n    return [x for i, x in enumerate(xs) if i == 0 or xs[i - 1] != x]"])
# 10. floats
stdio("average", ["3\n1 2 4\n", "2\n1 2\n", "1\n7\n", "4\n0 0 0 1\n"], lambda s: "%.6f\n" % (sum(nums(s)) / len(nums(s))),
      ["input()\nxs = list(map(int, input().split()))\nprint('%.6f' % (sum(xs) / len(xs)))", "import statistics\ninput()\nprint(statistics.mean(map(int, input().split())))"],
      ["input()\nxs = list(map(int, input().split()))\nprint(sum(xs) // len(xs))", "n = int(input())\nprint(sum(map(int, input().split())) / (n + 1))", "input()\nxs = sorted(map(int, input().split()))\nprint(xs[len(xs) // 2])"])
stdio("sqrt", ["2\n", "3\n", "16\n", "1000000\n"], lambda s: "%.8f\n" % math.sqrt(int(s)),
      ["import math\nprint('%.8f' % math.sqrt(int(input())))", "print(int(input()) ** 0.5)"],
      ["print(int(input()) // 2)", "import math\nprint(round(math.sqrt(int(input()))))", LOOP])
stdio("circle_area", ["1\n", "2.5\n", "0\n", "10\n"], lambda s: "%.6f\n" % (math.pi * float(s) ** 2),
      ["import math\nr = float(input())\nprint('%.6f' % (math.pi * r * r))", "from math import pi\nprint(pi * float(input()) ** 2)"],
      ["r = float(input())\nprint(3.14 * r * r)", "import math\nprint(2 * math.pi * float(input()))", LOOP])


stdio("minimum", lists, lambda s: str(min(nums(s))) + "\n",
      ["input()\nprint(min(map(int, input().split())))", "input()\nprint(sorted(map(int, input().split()))[0])"],
      ["input()\nprint(max(map(int, input().split())))", "input()\nprint(min(map(abs, map(int, input().split()))))", "input()\nprint(input().split()[0])"])
stdio("lcm", ["4 6\n", "7 3\n", "10 10\n", "12 18\n"], lambda s: str(math.lcm(*map(int, s.split()))) + "\n",
      ["import math\nprint(math.lcm(*map(int, input().split())))", "import math\na, b = map(int, input().split())\nprint(a * b // math.gcd(a, b))"],
      ["a, b = map(int, input().split())\nprint(a * b)", "import math\nprint(math.gcd(*map(int, input().split())))", "a, b = map(int, input().split())\nprint(max(a, b))"])

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "dev", "arbiter", "code", "bench", "problems.jsonl")
with open(OUT, "w") as f:
    for p in problems:
        f.write(json.dumps(p) + "\n")
print(len(problems), sum(len(p["correct_solutions"]) + len(p["wrong_solutions"]) for p in problems))
