"""The mention matcher: everything built once from the pattern files, then used for any number of texts.

``MentionMatcher.build()`` loads ``ingest/patterns/`` (strict loader) and compiles: the citation grammar
(regexes), the gazetteer names as spaCy PhraseMatchers on a ``spacy.blank("en")`` pipeline (case-sensitive
ORTH for acronyms, LOWER for long names; the tokenizer is one compiled regex used for patterns and text
alike), an anchor-word prefilter per case (spaCy only sees candidate windows: its rule tokenizer over a
whole paper costs ~70x one regex pass), the named-acts gazetteer (acts named without a number) and the
founding-acts reference table. The matcher holds no per-text state: the caller builds it once (or takes
the process-wide ``MentionMatcher.shared()``) and passes it to ``extract``; two texts never share results.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from eusec.ingest.normalise import parse_celex
from eusec.ingest.patterns import PatternSet, load_patterns

_WORD_RE = re.compile(r"\w+|[^\w\s]")


class _RegexTokenizer:
    """A spaCy tokenizer from one compiled regex (words, or single punctuation marks).

    The Doc's text is the tokens joined by single spaces; char offsets into the original text are kept
    in ``doc.user_data["starts"]``/``["ends"]`` (computed only when asked: gazetteer matching needs them).
    """

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = _WORD_RE.findall(text)
        return Doc(self.vocab, words=words)


@dataclass
class _Gazetteer:
    entries: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (label, key) -> entry
    properties: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # node properties, computed once


@dataclass(frozen=True)
class NamedAct:
    """One entry of the reviewed named-acts gazetteer (ingest/patterns/named_acts.yaml)."""

    id: str
    celex: tuple[str, ...]
    adopted: str  # ISO date: a paper dated before it cannot cite the act as adopted (it means the proposal)
    until: str | None  # ISO date after which the name means another entry's act (codification, recast)
    source: str  # "ingest/patterns/named_acts.yaml:12"


@dataclass
class MentionMatcher:
    """Compiled patterns and gazetteers (see the module docstring); build with ``MentionMatcher.build()``."""

    patterns: PatternSet
    nlp: Any
    matcher_cs: PhraseMatcher
    matcher_ci: PhraseMatcher
    gazetteer: _Gazetteer
    ids: dict[int, tuple[str, str]]  # spaCy match id -> (label, key)
    anchor_cs: re.Pattern[str]  # prefilter: the anchor token of every case-sensitive alias
    anchor_ci: re.Pattern[str]  # prefilter: anchor of every case-insensitive alias (run on lower-cased text)
    reach_cs: dict[str, tuple[int, int]]  # anchor -> max chars of alias before / after it
    reach_ci: dict[str, tuple[int, int]]
    founding: dict[str, list[tuple[str, str, str]]]  # celex -> [(label, key, reference file:line)]
    rx: dict[str, re.Pattern[str]]
    named_acts: dict[str, list[NamedAct]]  # normalised name -> entries (several when dated)
    named_rx_ci: re.Pattern[str] | None  # lower-cased names, reversed: matched on a reversed lower-cased window
    named_rx_cs: re.Pattern[str] | None  # case-sensitive names and acronyms ("GDPR", "Cybersecurity Act")
    named_head: re.Pattern[str] | None  # the last words of the case-insensitive names ("regulation" ...)
    named_cs_probe: tuple[str, ...]  # a word of every case-sensitive name: none in a text, no regex pass
    named_props: dict[str, dict[str, Any]]  # CELEX -> LegalAct properties of the named acts

    @classmethod
    def build(cls, patterns: PatternSet | None = None) -> "MentionMatcher":
        """Compile a matcher from a validated pattern set (default: the project's ``ingest/patterns/``)."""
        return _build(patterns if patterns is not None else load_patterns())

    @classmethod
    def shared(cls) -> "MentionMatcher":
        """The process-wide matcher of the project's pattern files, compiled on first use (~2 s: spaCy and
        the phrase matchers). It holds compiled patterns only -- no per-text state -- so sharing it is safe;
        callers that load other pattern files build their own with ``build``."""
        return _shared()

    def extract(self, text: str, **kwargs: Any) -> Any:
        """One call per text: ``ingest.mentions.extract_mentions(text, self, ...)``."""
        from eusec.ingest.mentions.extract import extract_mentions

        return extract_mentions(text, self, **kwargs)


def _name_regex(names: list[str]) -> str:
    """One trie-factored alternation of literal names (longest match wins at a position because the trie
    is greedy), with any whitespace between words; a word boundary after (the one before is checked by
    the caller)."""
    words = sorted({"\x01".join(n.split()) for n in names})
    body = _trie_regex(words).replace("\x01", r"\s+")
    # The trie comes first so the regex engine can skip positions by their first character; the word
    # boundary before a hit is checked in code (a lookbehind first would run at every position).
    return body + r"(?![\w-])"


@lru_cache(maxsize=1)
def _shared() -> MentionMatcher:
    return _build(load_patterns())


def _build(ps: PatternSet) -> MentionMatcher:
    nlp = spacy.blank("en")
    nlp.tokenizer = _RegexTokenizer(nlp.vocab)
    cs = PhraseMatcher(nlp.vocab, attr="ORTH")
    ci = PhraseMatcher(nlp.vocab, attr="LOWER")
    gaz = _Gazetteer()
    ids: dict[int, tuple[str, str]] = {}
    reach_cs: dict[str, tuple[int, int]] = {}
    reach_ci: dict[str, tuple[int, int]] = {}
    pending: list[tuple[list[str], list[str]]] = []
    for label in sorted(ps.gazetteers):
        for entry in ps.gazetteers[label]:
            key = entry["key"]
            gaz.entries[(label, key)] = entry
            gaz.properties[(label, key)] = entity_properties(label, entry)
            match_key = f"{label}|{key}"
            ids[nlp.vocab.strings.add(match_key)] = (label, key)
            cs_names = [entry["name"]] if label != "WorkingParty" or entry["name"] == key else []
            cs_names += list(entry.get("aliases", [])) + list(entry.get("keep_aliases", []))
            if label == "WorkingParty":
                cs_names.append(key)
            cs_docs = [nlp.make_doc(a) for a in sorted(set(cs_names)) if _WORD_RE.search(a)]
            ci_names = list(entry.get("aliases_ci", []))
            if entry.get("full_name"):
                ci_names.append(entry["full_name"])
            if label == "WorkingParty" and entry["name"] != key:
                ci_names.append(entry["name"])
            ci_docs = [nlp.make_doc(a.lower()) for a in sorted(set(ci_names)) if _WORD_RE.search(a)]
            if cs_docs:
                cs.add(match_key, cs_docs)
            if ci_docs:
                ci.add(match_key, ci_docs)
            pending.append((cs_names, ci_names))
    founding: dict[str, list[tuple[str, str, str]]] = {}
    for row in ps.founding_acts:
        founding.setdefault(row["celex"], []).append((row["label"], row["key"], row["_source"]))
    named: dict[str, list[NamedAct]] = {}
    names_ci: list[str] = []
    names_cs: list[str] = []
    for row in ps.named_acts:
        act = NamedAct(row["id"], tuple(row["celex"]), str(row["adopted"]), row.get("until"), row["_source"])
        for n in row.get("names", []):
            named.setdefault(_norm_name(n), []).append(act)
            names_ci.append(n)
        for n in row.get("names_cs", []):
            named.setdefault(_norm_name(n), []).append(act)
            names_cs.append(n)
    rx = {pid: p.regex for pid, p in ps.regexes.items()}
    # Warm the vocabulary so the first real document does not pay for string interning.
    nlp.make_doc("Europol Eurojust Frontex COSI TWP LEWP Regulation Directive Council Presidency")
    weight: dict[str, int] = {}  # in how many aliases a word occurs (a proxy for how common it is)
    for cs_names, ci_names in pending:
        for alias in cs_names + ci_names:
            for w in set(re.findall(r"\w+", alias.lower())):
                weight[w] = weight.get(w, 0) + 1
    for cs_names, ci_names in pending:
        for alias in cs_names:
            _add_anchor(reach_cs, alias, weight)
        for alias in ci_names:
            _add_anchor(reach_ci, alias.lower(), weight)
    # The trie comes first so the regex engine can skip positions by their first character; the word
    # boundary before a hit is checked in code. Case-insensitive names are searched in the lower-cased
    # text with a case-sensitive regex (faster than IGNORECASE).
    anchor_cs = re.compile(_trie_regex(sorted(reach_cs)) + r"(?!\w)")
    anchor_ci = re.compile(_trie_regex(sorted(reach_ci)) + r"(?!\w)")
    # Case-insensitive names are searched in the lower-cased text with a case-sensitive regex (faster).
    lowered = [n.lower() for n in names_ci]
    # Reversed names: matched at the start of the reversed text before a head word, so one match attempt
    # per head word finds the longest name ending there (the trie is greedy; the boundary is in the regex).
    rev = sorted({"\x01".join(n.split())[::-1] for n in lowered})
    named_ci = re.compile(_trie_regex(rev).replace("\x01", r"\s+") + r"(?![\w-])") if names_ci else None
    # every case-insensitive name ends with one of these words: they are found first (few first letters,
    # so the regex engine skips fast), then the names are matched backwards from there
    heads = sorted({n.split()[-1] for n in lowered})
    named_head = re.compile(_trie_regex(heads) + r"(?![\w-])") if heads else None
    named_cs = re.compile(_name_regex(names_cs)) if names_cs else None
    # a cheap first test for the case-sensitive names: the longest word of each, looked up with `in`
    # (a short longest word -- "Act" of "AI Act" is inside "Action" -- is replaced by the whole name)
    cs_probe = tuple(sorted({w if len(w) >= 5 else " ".join(n.split())
                             for n in names_cs for w in [max(n.split(), key=len)]}))
    # LegalAct properties of every named act, computed once (copied per mention)
    named_props: dict[str, dict[str, Any]] = {}
    for acts in named.values():
        for a in acts:
            for celex in a.celex:
                ref = parse_celex(celex)
                if ref is not None:
                    named_props[celex] = ref.properties()
    return MentionMatcher(ps, nlp, cs, ci, gaz, ids, anchor_cs, anchor_ci, reach_cs, reach_ci, founding, rx, named,
                          named_ci, named_cs, named_head, cs_probe, named_props)


def _norm_name(name: str) -> str:
    """Key of a named-act name: words lower-cased, single spaces ("the  Europol\nRegulation" -> "europol regulation")."""
    return " ".join(name.lower().split())


#: Words too common in JHA papers to anchor a name on (a name is indexed under its rarest-looking word).
_GENERIC_WORDS = frozenset(
    "european union eu agency working party parties group council committee system systems information "
    "cooperation security law enforcement data international operational management framework centre office "
    "horizontal justice criminal matters terrorism exchange evaluation general police public network service "
    "documents action support level including issues training jha counter border customs communication "
    "the of and for on in to at".split()
)


def _add_anchor(reach: dict[str, tuple[int, int]], alias: str, weight: dict[str, int]) -> None:
    """Index an alias under one anchor word: not a generic word if possible, shared by the fewest aliases,
    then the longest; record how far the alias extends before and after it."""
    tokens = list(re.finditer(r"\w+", alias))
    if not tokens:
        return
    def generic(word: str) -> bool:
        return word.lower() in _GENERIC_WORDS or word.isdigit()

    def short(word: str) -> bool:
        return len(word) <= 2

    # A frequent word ("Justice" in "DG Justice") makes a poor anchor even when the other token is short:
    # the short one ("DG") is rarer in JHA papers.
    anchor = min(tokens, key=lambda m: (generic(m.group()) or short(m.group()), -len(m.group()),
                                        weight.get(m.group().lower(), 0), m.start()))
    before, after = anchor.start(), len(alias) - anchor.end()
    old = reach.get(anchor.group(), (0, 0))
    reach[anchor.group()] = (max(old[0], before), max(old[1], after))


def _trie_regex(words: list[str]) -> str:
    """One alternation for many literal words, factored as a trie so the regex engine stays fast."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + build(trie) + ")"


def entity_properties(label: str, entry: dict[str, Any]) -> dict[str, Any]:
    """Node properties of a gazetteer entry per graph/schema.yaml."""
    aliases = sorted(set(entry.get("aliases", [])) | set(entry.get("aliases_ci", [])) | set(entry.get("keep_aliases", [])))
    if label == "WorkingParty":
        return {"code": entry["key"], "name": entry["name"], "aliases": aliases, "active": entry.get("active", True)}
    props: dict[str, Any] = {"name": entry["key"], "full_name": entry.get("full_name") or entry["name"], "aliases": aliases}
    if label == "Agency":
        props["kind"] = entry.get("kind") or "agency"
    return props
