"""Decide what ``POST /cypher`` may run: parse the statement with an openCypher grammar, check it against
an allowlist, and hand the engine a canonical text rebuilt from the parser's tokens.

Why not pattern matching: a guard that scans text with regexes and an engine that lexes it differently
disagree somewhere (Neo4j ends a ``//`` comment at ``\\r`` too, a regex scanner did not), and whatever
hides in the gap runs. Here nothing the parser did not see can reach the engine:

* the text is lexed and parsed by the ANTLR openCypher grammar of ``antlr4-cypher`` (grammars-v4); any
  syntax error, or any construct outside that read-only-capable grammar (``LOAD CSV``, ``SHOW``,
  ``TERMINATE``, ``USE``, ``CALL { }``, regex ``=~``, DDL...), is refused;
* the parse tree is checked: no updating clause, only allowlisted functions and procedures (per backend),
  SKIP/LIMIT a literal or a parameter within caps, bounded variable-length patterns, limits on nesting
  depth, token count and literal sizes;
* the engine gets a *rebuilt* text: the parser's tokens joined by single spaces where the original had
  whitespace or comments (so comments and exotic line terminators never reach it), identifiers
  re-quoted, and every string literal moved into a generated parameter (so no quoting or escaping
  difference between the grammar and the engine can change where a string ends).

The database's read-only access mode stays the second wall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from eusec.errors import ParameterError, QueryRejectedError

#: Functions any backend may call (lower case). Aggregates, scalar, list and string functions that read.
COMMON_FUNCTIONS = frozenset({
    "count", "collect", "sum", "avg", "min", "max", "stdev", "stdevp",
    "size", "length", "coalesce", "head", "last", "tail", "reverse", "range", "keys", "labels", "type",
    "nodes", "relationships", "startnode", "endnode", "properties", "exists",
    "tolower", "toupper", "lower", "upper", "trim", "ltrim", "rtrim", "substring", "left", "right",
    "replace", "split", "tostring", "tointeger", "tofloat", "toboolean",
    "abs", "ceil", "floor", "round", "sign", "sqrt",
    "shortestpath", "allshortestpaths", "any", "all", "none", "single",
})
#: Extra functions per backend (each engine's own spelling of something common).
BACKEND_FUNCTIONS: dict[str, frozenset[str]] = {
    "embedded": frozenset({"label", "list_contains", "list_sort", "array_contains", "starts_with", "ends_with",
                           "contains", "list_extract", "concat", "string_split", "size"}),
    "neo4j": frozenset({"elementid", "percentilecont", "percentiledisc", "tostringornull", "tointegerornull",
                        "tofloatornull", "isempty"}),
}
#: Procedures (``CALL name(...)``) per backend: schema introspection only. Everything else, file readers
#: and table functions included (READ_CSV..., dbms.*, apoc.*), is refused.
BACKEND_PROCEDURES: dict[str, frozenset[str]] = {
    "embedded": frozenset({"show_tables"}),
    "neo4j": frozenset({"db.labels", "db.relationshiptypes", "db.propertykeys"}),
}

_UPDATING_RULES = ("UpdatingStatementContext", "CreateStContext", "MergeStContext", "SetStContext",
                   "DeleteStContext", "RemoveStContext")
_PARAM_PREFIX = "__eusec_s"
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_NUMBER = re.compile(r"-?(?:0x[0-9A-Fa-f]+|0o?[0-7]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\Z")
_ODD_TERMINATORS = ("\u2028", "\u2029", "\u0085", "\x0b", "\x0c")
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}


@dataclass(frozen=True)
class GuardLimits:
    """Caps on one untrusted statement (the defaults fit every analyst question we know of)."""

    max_chars: int = 4000  # statement length (the Python parser's time grows with it)
    max_tokens: int = 600
    max_depth: int = 12  # nesting of (), [], {}
    max_string: int = 2000  # characters of one string literal
    max_number_chars: int = 20  # digits of one number literal
    max_list_items: int = 200  # items of one list literal
    max_skip: int = 1000
    max_limit: int = 10_000
    max_hops: int = 8  # upper bound of a variable-length relationship


@dataclass(frozen=True)
class GuardedQuery:
    """What the engine may run: the rebuilt text and its parameters (the caller's plus string literals)."""

    text: str
    params: dict[str, Any] = field(default_factory=dict)


def _reject(message: str) -> QueryRejectedError:
    return QueryRejectedError(f"query refused: {message}")


def _decode_string(token: str) -> str:
    """The value of a quoted string literal (Cypher escapes; unknown escapes are refused)."""
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1 : i + 2]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in ("u", "U"):
            width = 4 if nxt == "u" else 8
            digits = body[i + 2 : i + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise _reject("bad \\u escape in a string literal")
            out.append(chr(int(digits, 16)))
            i += 2 + width
        else:
            raise _reject("unknown escape in a string literal")
    return "".join(out)


def _quote_name(name: str) -> str:
    """An identifier as the engine should see it: bare when plain ASCII, else backtick-quoted."""
    if _PLAIN_NAME.match(name):
        return name
    if "`" in name or any(ord(c) < 32 or c in "\u0085\u2028\u2029" for c in name) or not name.strip():
        raise _reject("a quoted name may not contain backticks or control characters")
    return f"`{name}`"


def check_params(params: Mapping[str, Any], *, max_depth: int = 8, max_items: int = 10_000,
                 max_string: int = 10_000) -> None:
    """Refuse parameters too deep, too many or too large with 422 (iteratively: no recursion to overflow)."""
    stack: list[tuple[Any, int]] = [(params, 0)]
    items = 0
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            raise ParameterError(f"parameters are nested deeper than {max_depth} levels",
                                 details={"parameter": "params"})
        if isinstance(value, Mapping):
            items += len(value)
            for k, v in value.items():
                if not isinstance(k, str) or len(k) > 200:
                    raise ParameterError("parameter names must be short strings", details={"parameter": "params"})
                stack.append((v, depth + 1))
        elif isinstance(value, (list, tuple)):
            items += len(value)
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, str) and len(value) > max_string:
            raise ParameterError(f"a parameter string is longer than {max_string} characters",
                                 details={"parameter": "params"})
        if items > max_items:
            raise ParameterError(f"parameters hold more than {max_items} values", details={"parameter": "params"})
    for name in params:
        if name.startswith(_PARAM_PREFIX):
            raise ParameterError(f"parameter names starting with {_PARAM_PREFIX} are reserved",
                                 details={"parameter": name})


def _parse(text: str, limits: GuardLimits) -> tuple[Any, list[Any], list[str]]:
    """Lex, check token count and nesting on the flat token list (before the recursive parser sees
    them), then parse; QueryRejectedError on the first lexical or syntax error."""
    from antlr4 import CommonTokenStream, InputStream
    from antlr4.error.ErrorListener import ErrorListener
    from antlr4_cypher import CypherLexer, CypherParser

    class _Raise(ErrorListener):
        def syntaxError(self, recognizer: Any, offending: Any, line: int, column: int, msg: str, e: Any) -> None:
            raise _reject(f"syntax error at line {line}, column {column + 1}: {msg[:200]}")

    lexer = CypherLexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(_Raise())
    stream = CommonTokenStream(lexer)
    stream.fill()
    names = CypherParser.symbolicNames
    significant = [t for t in stream.tokens if t.type > 0 and names[t.type] != "SP"]
    if len(significant) > limits.max_tokens:
        raise _reject(f"the statement has more than {limits.max_tokens} tokens")
    depth = 0
    for t in significant:
        if t.text in ("(", "[", "{"):
            depth += 1
            if depth > limits.max_depth:
                raise _reject(f"expressions are nested deeper than {limits.max_depth} levels")
        elif t.text in (")", "]", "}"):
            depth -= 1
    parser = CypherParser(stream)
    parser.removeErrorListeners()
    parser.addErrorListener(_Raise())
    try:
        tree = parser.script()
    except RecursionError:
        raise _reject("the statement is nested too deeply") from None
    return tree, stream.tokens, names


def _walk(tree: Any) -> list[Any]:
    """Every rule node of the tree, iteratively."""
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if children is not None:
            out.append(node)
            stack.extend(children)
    return out


def _int_value(node: Any, params: Mapping[str, Any], what: str) -> int:
    """SKIP/LIMIT argument: one integer literal or one parameter holding an integer."""
    text = "".join(node.getText().split())
    if re.fullmatch(r"[0-9]{1,9}", text):
        return int(text)
    m = re.fullmatch(r"\$([A-Za-z_][A-Za-z0-9_]*)", text)
    if m:
        value = params.get(m.group(1))
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise _reject(f"{what} parameter ${m.group(1)} must be a non-negative integer")
        return value
    raise _reject(f"{what} must be an integer literal or a parameter")


def guard(text: str, params: Mapping[str, Any] | None, backend: str,
          limits: GuardLimits = GuardLimits()) -> GuardedQuery:
    """Parse and check one untrusted read statement for ``backend``; the GuardedQuery to run, or
    QueryRejectedError (400) / ParameterError (422) naming the first reason."""
    params = dict(params or {})
    check_params(params)
    if len(text) > limits.max_chars:
        raise _reject(f"the statement is longer than {limits.max_chars} characters")
    if "\x00" in text:
        raise _reject("the statement contains a NUL character")
    tree, tokens, names = _parse(text, limits)
    functions = COMMON_FUNCTIONS | BACKEND_FUNCTIONS.get(backend, frozenset())
    procedures = BACKEND_PROCEDURES.get(backend, frozenset())
    for node in _walk(tree):
        kind = type(node).__name__
        if kind in _UPDATING_RULES:
            raise _reject("only read clauses are allowed (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, UNION)")
        if kind in ("StandaloneCallContext", "QueryCallStContext"):
            name = node.invocationName().getText().replace(" ", "").lower() if node.invocationName() else ""
            if name not in procedures:
                raise _reject(f"procedure {name or '?'} is not allowed (allowed: {', '.join(sorted(procedures))})")
        elif kind == "FunctionInvocationContext":
            name = node.invocationName().getText().replace(" ", "").lower()
            if name not in functions:
                raise _reject(f"function {name} is not allowed")
        elif kind == "SkipStContext":
            if _int_value(node.expression(), params, "SKIP") > limits.max_skip:
                raise _reject(f"SKIP above {limits.max_skip} is not allowed")
        elif kind == "LimitStContext":
            if _int_value(node.expression(), params, "LIMIT") > limits.max_limit:
                raise _reject(f"LIMIT above {limits.max_limit} is not allowed")
        elif kind == "RangeLitContext":
            bounds = [int(x) for x in re.findall(r"[0-9]+", node.getText())]
            if not re.search(r"[0-9]\s*\Z", node.getText()) or max(bounds) > limits.max_hops:
                raise _reject(f"a variable-length relationship may span at most {limits.max_hops} hops")
        elif kind == "ListLitContext":
            if len(node.expression()) > limits.max_list_items:
                raise _reject(f"a list literal has more than {limits.max_list_items} items")
    return GuardedQuery(*_rebuild(tokens, names, params, limits))


def _rebuild(tokens: list[Any], names: list[str], params: dict[str, Any],
             limits: GuardLimits) -> tuple[str, dict[str, Any]]:
    """The canonical text from the tokens (see the module doc) and the parameters it needs."""
    out: list[str] = []
    gap = False
    n_strings = 0
    for t in tokens:
        if t.type <= 0:
            continue
        kind = names[t.type]
        if kind == "SP":  # whitespace and comments: one space
            # engines disagree on where a // comment ends (Neo4j also ends it at \r, others at \u2028...):
            # a statement whose meaning depends on that is refused rather than guessed
            if any(c in t.text for c in _ODD_TERMINATORS) or "\r" in t.text.replace("\r\n", ""):
                raise _reject("only \\n and \\r\\n may end a line (found another line or page separator)")
            gap = True
            continue
        if gap and out:
            out.append(" ")
        gap = False
        if kind in ("STRING_LITERAL", "CHAR_LITERAL"):
            value = _decode_string(t.text)
            if len(value) > limits.max_string:
                raise _reject(f"a string literal is longer than {limits.max_string} characters")
            name = f"{_PARAM_PREFIX}{n_strings}"
            n_strings += 1
            params[name] = value
            out.append(f"${name}")
        elif kind == "ESC_LITERAL":
            out.append(_quote_name(t.text[1:-1].replace("``", "`")))
        elif kind == "ID":
            out.append(_quote_name(t.text))
        elif kind in ("Integer", "FLOAT", "DIGIT"):
            if len(t.text) > limits.max_number_chars or not _NUMBER.match(t.text):
                raise _reject(f"number literal {t.text[:30]!r} is not allowed")
            out.append(t.text)
        else:
            if not t.text.isascii() or any(ord(c) < 32 for c in t.text):
                raise _reject("unexpected character in the statement")
            out.append(t.text)
    return "".join(out).strip(), params
