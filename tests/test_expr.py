"""The restricted evaluator: what content and question formulas may and may not do."""
import pytest

from lecturekit import expr, numfmt

ENV = {**numfmt.FORMATTERS, "lora_params": lambda d, k, r: r * (d + k), "D": 12288}


@pytest.mark.parametrize("source, value", [
    ("lora_params(D, D, 8)", 196_608),
    ("num(lora_params(D, D, 8))", "196,608"),
    ("si(175e9)", "175B"), ("si(196608)", "197K"), ("si(4718592)", "4.7M"),
    ("nbytes(2.1e12)", "2.1 TB"), ("nbytes(350e9)", "350 GB"),
    ("pct(0.0013)", "0.13%"), ("times(768)", "768×"), ("usd(3750)", "\\$3,750"),
    ("1 if D > 10 else 2", 1), ("max(1, 2) + abs(-3)", 5), ("(2 + 3) * 4 ** 2 // 3", 26),
])
def test_allowed(source, value):
    assert expr.evaluate(expr.compile_expr(source, ENV), ENV) == value


@pytest.mark.parametrize("source, message", [
    ("__import__('os')", "unknown name '__import__'"),
    ("D.real", "attribute access"),
    ("(1).__class__", "attribute access"),
    ("open('x')", "unknown name 'open'"),
    ("[x for x in (1, 2)]", "comprehensions"),
    ("{'a': 1}", "dict literals"),
    ("D[0]", "indexing"),
    ("lambda: 1", "lambda"),
    ("2 ** 1000", "too large"),
    ("f'{D}'", "f-strings"),
    ("D +", "cannot parse"),
])
def test_rejected(source, message):
    with pytest.raises(expr.ExprError, match=message):
        expr.evaluate(expr.compile_expr(source, ENV), ENV)


def test_runtime_errors_are_expr_errors():
    with pytest.raises(expr.ExprError, match="ZeroDivisionError"):
        expr.evaluate(expr.compile_expr("1 / 0", ENV), ENV)


def test_interpolate():
    assert expr.interpolate("r = 8 gives {{ num(lora_params(D, D, 8)) }} parameters", ENV) == "r = 8 gives 196,608 parameters"
    assert expr.interpolate("no fields here", ENV) == "no fields here"
