"""A restricted expression evaluator, shared by content text and the question bank.

Expressions are parsed with `ast` and interpreted node by node: only numbers,
strings, names from a given namespace, arithmetic, comparisons, conditionals
and calls of namespace functions are allowed. Never `eval`/`exec`.
"""
import ast
import math
import operator
import re

_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
           ast.Pow: operator.pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Not: operator.not_}
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt,
            ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}
_MAX_EXPONENT = 64
_MAX_STRING = 10_000


class ExprError(ValueError):
    """An expression is not allowed, or failed; the message says which part and why."""


def _describe(node):
    return {ast.Attribute: "attribute access", ast.Subscript: "indexing", ast.Lambda: "lambda",
            ast.ListComp: "comprehensions", ast.GeneratorExp: "comprehensions",
            ast.DictComp: "comprehensions", ast.SetComp: "comprehensions",
            ast.Dict: "dict literals", ast.Starred: "*arguments", ast.JoinedStr: "f-strings",
            ast.NamedExpr: "assignment"}.get(type(node), type(node).__name__)


def compile_expr(source, names):
    """Parse and vet `source`; names: the allowed names. Returns the AST or raises ExprError."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"cannot parse expression {source.strip()!r}: {exc.msg}") from None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            if node.id not in names:
                raise ExprError(f"unknown name {node.id!r} in {source.strip()!r}")
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                raise ExprError(f"only named functions may be called in {source.strip()!r}")
            if any(k.arg is None for k in node.keywords):
                raise ExprError(f"**arguments are not allowed in {source.strip()!r}")
        elif isinstance(node, ast.Constant):
            if not isinstance(node.value, (int, float, str, bool)) or node.value is None:
                raise ExprError(f"constant {node.value!r} not allowed in {source.strip()!r}")
        elif not isinstance(node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare,
                                   ast.IfExp, ast.Tuple, ast.List, ast.keyword, ast.Load,
                                   ast.And, ast.Or, *_BINOPS, *_UNARY, *_COMPARE)):
            raise ExprError(f"{_describe(node)} is not allowed in {source.strip()!r}")
    return tree


def _number(value, what):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExprError(f"{what} needs numbers, got {type(value).__name__}")
    return value


def _eval(node, env):
    match node:
        case ast.Expression(body=body):
            return _eval(body, env)
        case ast.Constant(value=value):
            return value
        case ast.Name(id=name):
            return env[name]
        case ast.Tuple(elts=elts) | ast.List(elts=elts):
            return tuple(_eval(e, env) for e in elts)
        case ast.UnaryOp(op=op, operand=operand):
            value = _eval(operand, env)
            return _UNARY[type(op)](value if isinstance(op, ast.Not) else _number(value, "a sign"))
        case ast.BinOp(left=left, op=op, right=right):
            a, b = _eval(left, env), _eval(right, env)
            if isinstance(op, ast.Add) and isinstance(a, str) and isinstance(b, str):
                if len(a) + len(b) > _MAX_STRING:
                    raise ExprError("string too long")
                return a + b
            a, b = _number(a, "arithmetic"), _number(b, "arithmetic")
            if isinstance(op, ast.Pow) and abs(b) > _MAX_EXPONENT:
                raise ExprError(f"exponent {b} too large (at most {_MAX_EXPONENT})")
            return _BINOPS[type(op)](a, b)
        case ast.BoolOp(op=op, values=values):
            result = None
            for v in values:
                result = _eval(v, env)
                if isinstance(op, ast.And) and not result or isinstance(op, ast.Or) and result:
                    return result
            return result
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            a = _eval(left, env)
            for op, right in zip(ops, comparators):
                b = _eval(right, env)
                if not _COMPARE[type(op)](a, b):
                    return False
                a = b
            return True
        case ast.IfExp(test=test, body=body, orelse=orelse):
            return _eval(body, env) if _eval(test, env) else _eval(orelse, env)
        case ast.Call(func=ast.Name(id=name), args=args, keywords=keywords):
            fn = env[name]
            if not callable(fn):
                raise ExprError(f"{name!r} is not a function")
            return fn(*(_eval(a, env) for a in args), **{k.arg: _eval(k.value, env) for k in keywords})
    raise ExprError(f"{_describe(node)} is not allowed")  # compile_expr rules this out


def evaluate(tree, env):
    """Evaluate a vetted tree; errors from the functions become ExprError."""
    try:
        value = _eval(tree, env)
    except ExprError:
        raise
    except (ArithmeticError, ValueError, TypeError) as exc:
        raise ExprError(f"{ast.unparse(tree)}: {type(exc).__name__}: {exc}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ExprError(f"{ast.unparse(tree)} is {value}, not a finite number")
    return value


def namespace_of(module):
    """Public functions and UPPER_CASE numeric constants of a module."""
    env = {}
    for name, value in vars(module).items():
        if name.startswith("_"):
            continue
        if callable(value) and getattr(value, "__module__", None) == module.__name__:
            env[name] = value
        elif name.isupper() and isinstance(value, (int, float)) and not isinstance(value, bool):
            env[name] = value
    return env


_FIELD = re.compile(r"\{\{(.*?)\}\}", re.S)


def interpolate(text, env):
    """Replace every {{ expression }} in text with its value. Raises ExprError for the first bad one."""
    def replace(match):
        value = evaluate(compile_expr(match.group(1), env), env)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)
    return _FIELD.sub(replace, text)
