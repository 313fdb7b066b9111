"""Every fixture case against the numpy client (nn.py), without Deno: `python3 -m pytest examples/python`.

A second way to use the fixtures: read fixtures/*.json and fixtures/tolerances.json, call your own
functions, and compare as the oracle does (docs/PROTOCOL.md, sections 4 and 6). Row-layout cases go to
this column-only client transposed, as the oracle sends them. Set NN_ORACLE_FIXTURES to use a copy.
"""
import json
import math
import os
import sys
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
sys.path.insert(0, str(Path(__file__).parent))
import nn  # noqa: E402  (the client beside this file)

FIXTURES = Path(os.environ.get("NN_ORACLE_FIXTURES", Path(__file__).parent / ".." / ".." / "fixtures"))
TOLERANCES = json.loads((FIXTURES / "tolerances.json").read_text())
NOT_CASES = {"schema.json", "tolerances.json"}
TAGS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf, "-0": -0.0}


def load_cases():
    for path in sorted(FIXTURES.glob("*.json")):
        if path.name not in NOT_CASES:
            yield from json.loads(path.read_text())["cases"]


CASES = list(load_cases())


def is_number(v):
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) or (isinstance(v, str) and v in TAGS)


def is_matrix(v):
    return isinstance(v, list) and v != [] and all(isinstance(r, list) and all(map(is_number, r)) for r in v)


def transpose_all(v):
    """The other layout: every matrix transposed (docs/PROTOCOL.md, section 2)."""
    if is_matrix(v):
        return [list(col) for col in zip(*v)]
    if isinstance(v, list):
        return [transpose_all(x) for x in v]
    if isinstance(v, dict):
        return {k: transpose_all(x) for k, x in v.items()}
    return v


def translate_outputs(op, outputs):
    if op != "shapes":
        return transpose_all(outputs)
    return {k: [p[::-1] for p in pairs] for k, pairs in outputs.items()}


def tolerance(case):
    spec = case["tolerance"]
    cls = TOLERANCES["classes"][spec["class"]]
    atol = cls["atol"]
    if atol is None:  # printed: half a unit of the last printed decimal
        atol = 0.5 / 10 ** case["printed"]["decimals"]
    return spec.get("rtol", cls["rtol"]), spec.get("atol", atol), spec["class"] == "exact"


def number(v):
    return TAGS[v] if isinstance(v, str) else float(v)


def mismatches(got, expected, tol, path="outputs"):
    """Every place where got and expected differ, as 'path: expected E, got G'."""
    rtol, atol, exact = tol
    if is_number(expected):
        if not is_number(got):
            return [f"{path}: expected a number, got {got!r}"]
        e, g = number(expected), number(got)
        if math.isnan(e) or math.isinf(e) or (exact and e == 0):
            same = (math.isnan(g) if math.isnan(e) else g == e and math.copysign(1, g) == math.copysign(1, e))
            return [] if same else [f"{path}: expected {expected}, got {got}"]
        if math.isnan(g) or abs(g - e) > atol + rtol * abs(e):
            return [f"{path}: expected {e!r}, got {g!r} (rtol {rtol}, atol {atol})"]
        return []
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return [f"{path}: expected a list of {len(expected)}, got {str(got)[:80]}"]
        return [m for i, (g, e) in enumerate(zip(got, expected)) for m in mismatches(g, e, tol, f"{path}[{i}]")]
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [f"{path}: expected an object, got {str(got)[:80]}"]
        return [m for k, e in expected.items() for m in
                (mismatches(got[k], e, tol, f"{path}.{k}") if k in got else [f"{path}.{k}: missing"])]
    return [] if got == expected else [f"{path}: expected {expected!r}, got {got!r}"]


def test_the_fixtures_are_here():
    assert len(CASES) > 700, FIXTURES
    assert set(TOLERANCES["classes"]) >= {case["tolerance"]["class"] for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    row = case.get("layout") == "row"
    request = {"id": case["id"], "op": case["op"], "inputs": case["inputs"]}
    if "layout" in case:
        request["layout"] = "column"
    if row:
        request["inputs"] = transpose_all(case["inputs"])
    response = nn.answer(request)
    assert "error" not in response, response["error"]
    outputs = translate_outputs(case["op"], response["outputs"]) if row else response["outputs"]
    problems = mismatches(outputs, case["expected"], tolerance(case))
    assert not problems, "\n".join(problems[:5])
