"""Normalisers for the identifiers cited in Council papers: EU legal acts, Council and Commission documents.

Pure functions: no I/O, no state, deterministic, and idempotent (normalising a canonical form returns it).
Each parser takes ONE citation as printed (the span a finder in ``ingest.mentions`` matched, or a canonical
key) and returns a small frozen record, or ``None`` when the text is not such a citation. They never raise
on arbitrary text.

Numbering rules (EUR-Lex):
* Regulations before 2015 are ``No NUMBER/YEAR`` ("Regulation (EU) No 98/2013"); from 2015 every act is
  ``YEAR/NUMBER`` ("Regulation (EU) 2016/794"). Directives and decisions were always ``YEAR/NUMBER``.
* Two-digit years: 19xx when >= 50, else 20xx ("Council Directive 91/477/EEC" -> 1991).
* CELEX: sector 3, four-digit year, a type letter (R regulation, L directive, D decision, F framework
  decision) and the number padded to four digits: ``32016R0794``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# -- legal acts ------------------------------------------------------------------------------------------

#: act type -> (CELEX letter, ELI type segment)
ACT_TYPES: dict[str, tuple[str, str]] = {
    "Regulation": ("R", "reg"),
    "Implementing Regulation": ("R", "reg_impl"),
    "Delegated Regulation": ("R", "reg_del"),
    "Directive": ("L", "dir"),
    "Implementing Directive": ("L", "dir_impl"),
    "Delegated Directive": ("L", "dir_del"),
    "Decision": ("D", "dec"),
    "Implementing Decision": ("D", "dec_impl"),
    "Delegated Decision": ("D", "dec_del"),
    "Framework Decision": ("F", "dec_framw"),
    # Third-pillar instruments before Lisbon: Joint Actions share the F sector letter with Framework
    # Decisions ("Joint Action 98/733/JHA" -> 31998F0733); Common Positions are E ("2005/69/JHA" -> 32005E0069).
    "Joint Action": ("F", "joint_action"),
    "Common Position": ("E", "common_pos"),
}
_LETTER_TO_TYPE = {"R": "Regulation", "L": "Directive", "D": "Decision", "F": "Framework Decision", "E": "Common Position"}

#: Regulations were numbered NUMBER/YEAR up to and including this year.
LAST_NUMBER_YEAR_REGULATION = 2014
_MIN_YEAR, _MAX_YEAR = 1950, 2099

EURLEX_URL = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"
ELI_URL = "http://data.europa.eu/eli/{eli_type}/{year}/{number}/oj"


def full_year(text: str | int) -> int | None:
    """A printed year as four digits: two-digit years are 19xx when >= 50 else 20xx; None if implausible."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    s = str(text).strip()
    if len(s) <= 2:
        return 1900 + value if value >= 50 else 2000 + value
    if _MIN_YEAR <= value <= _MAX_YEAR and len(s) == 4:
        return value
    return None


def _is_year4(s: str) -> bool:
    return len(s) == 4 and s.isdigit() and _MIN_YEAR <= int(s) <= _MAX_YEAR


@dataclass(frozen=True)
class ActRef:
    """One EU legal act, as identified by a citation."""

    celex: str
    type: str  # key of ACT_TYPES
    year: int
    number: int
    issuer: str | None = None  # "European Parliament and Council", "Council", "Commission" when printed
    namespace: str | None = None  # "EU", "EC", "EEC" ... as printed in "(EU)"
    suffix: str | None = None  # "JHA", "EC", "EU" ... as printed in "2008/633/JHA"

    @property
    def eli(self) -> str:
        return ELI_URL.format(eli_type=ACT_TYPES[self.type][1], year=self.year, number=self.number)

    @property
    def eurlex_url(self) -> str:
        return EURLEX_URL.format(celex=self.celex)

    @property
    def short_name(self) -> str:
        """The conventional short citation, e.g. "Regulation (EU) 2016/794", "Council Decision 2008/633/JHA"."""
        return short_name(self.type, self.year, self.number, namespace=self.namespace, suffix=self.suffix)

    def properties(self) -> dict[str, Any]:
        """LegalAct node properties per graph/schema.yaml (title is added by the finder when printed)."""
        props: dict[str, Any] = {
            "celex": self.celex,
            "eli": self.eli,
            "eurlex_url": self.eurlex_url,
            "type": self.type,
            "year": self.year,
            "number": self.number,
            "short_name": self.short_name,
        }
        if self.issuer:
            props["issuer"] = self.issuer
        return props


def _default_namespace(year: int) -> str:
    # EEC until the Maastricht Treaty (Nov 1993), EC until Lisbon (Dec 2009), EU since.
    if year >= 2010:
        return "EU"
    if year >= 1994:
        return "EC"
    return "EEC"


def short_name(type_: str, year: int, number: int, *, namespace: str | None = None, suffix: str | None = None) -> str:
    """Canonical short name of an act; parses back (``parse_legal_act``) to the same CELEX."""
    base = type_
    letter = ACT_TYPES[type_][0]
    if letter == "R":
        ns = namespace or _default_namespace(year)
        if year <= LAST_NUMBER_YEAR_REGULATION:
            return f"{base} ({ns}) No {number}/{year}"
        return f"{base} ({ns}) {year}/{number}"
    if year >= 2015:
        return f"{base} ({namespace or 'EU'}) {year}/{number}"
    sfx = suffix or ("JHA" if letter in "FE" else _default_namespace(year))
    printed_year = f"{year % 100:02d}" if year < 1999 else str(year)  # acts before 1999 print two digits
    return f"{base} {printed_year}/{number}/{sfx}"


def make_celex(letter: str, year: int, number: int) -> str:
    """``3`` + year + type letter + number padded to 4 digits."""
    return f"3{year:04d}{letter}{number:04d}"


def act_ref(
    type_: str,
    year: int,
    number: int,
    *,
    issuer: str | None = None,
    namespace: str | None = None,
    suffix: str | None = None,
) -> ActRef:
    """Build an ActRef from its parts (type must be a key of ACT_TYPES)."""
    letter = ACT_TYPES[type_][0]
    return ActRef(
        celex=make_celex(letter, year, number),
        type=type_,
        year=year,
        number=number,
        issuer=issuer,
        namespace=namespace,
        suffix=suffix,
    )


def resolve_act_number(letter: str, first: str, second: str, *, has_no: bool = False) -> tuple[int, int] | None:
    """(year, number) of a printed ``first/second`` for an act of CELEX type ``letter``; None if implausible.

    Regulations: NUMBER/YEAR when the second part is a year up to 2014 (or a two-digit year after a
    number that is not a year), else YEAR/NUMBER ("No 2019/1148" is a misprinted post-2015 number).
    Directives and decisions: YEAR/NUMBER, except the pre-2015 "Decision No 1082/2013/EU" form
    (NUMBER/YEAR, recognised by "No" or by a first part that cannot be a year).
    """
    if not (first.isdigit() and second.isdigit()):
        return None
    if letter == "R":
        if _is_year4(second) and int(second) <= LAST_NUMBER_YEAR_REGULATION and not (
            _is_year4(first) and int(first) >= 2015
        ):
            return int(second), int(first)
        if _is_year4(first):
            return int(first), int(second)
        if len(second) == 2 and len(first) >= 1:
            yr = full_year(second)
            if yr is not None and yr <= LAST_NUMBER_YEAR_REGULATION:
                return yr, int(first)
        if len(first) == 2:
            yr = full_year(first)
            if yr is not None:
                return yr, int(second)
        return None
    yr = full_year(first) if len(first) in (2, 4) else None
    if yr is None:
        # "Decision No 1082/2013/EU": acts of the Parliament and Council before 2015 used NUMBER/YEAR too.
        if _is_year4(second) and int(second) <= LAST_NUMBER_YEAR_REGULATION:
            return int(second), int(first)
        return None
    if has_no and _is_year4(second) and int(second) <= LAST_NUMBER_YEAR_REGULATION and not _is_year4(first):
        return int(second), int(first)
    return yr, int(second)


_TYPE_WORDS = r"(?:Framework\s+Decision|Regulation|Directive|Decision)"
_SINGLE_ACT_RE = re.compile(
    r"""^\s*
    (?P<issuer>(?:Commission|Council|European\s+Parliament\s+and\s+Council)\s+)?
    (?:(?P<mod>Implementing|Delegated)\s+)?
    (?P<type>Framework\s+Decision|Regulation|Directive|Decision)s?
    [\s_]*
    (?:
       \(\s*(?P<ns>EU,\s*Euratom|EU|EC|EEC|Euratom|EURATOM|CFSP|PESC|CE|UE)\s*\)[\s_]*(?P<no1>N[o°º]\.?\s*)?(?P<a1>\d{1,4})\s*/\s*(?P<b1>\d{1,4})
       (?:/(?P<sfx1>[A-Za-z]{2,8}))?
     | \(\s*(?P<a2>\d{4})\s*/\s*(?P<b2>\d{1,4})\s*\)
     | (?P<no3>N[o°º]\.?\s*)?(?P<a3>\d{1,4})\s*/\s*(?P<b3>\d{1,4})(?:/(?P<sfx3>[A-Za-z]{2,8}))?
    )\s*$""",
    re.VERBOSE,
)
_CELEX_RE = re.compile(r"^\s*3(?P<year>\d{4})(?P<letter>[RLDFE])(?P<number>\d{4})\s*$")


def act_type_name(type_word: str, modifier: str | None = None) -> str:
    """"Framework  Decision" / "Implementing" + "Directive" -> an ACT_TYPES key."""
    base = " ".join(type_word.split())
    if base in ("Framework Decision", "Joint Action", "Common Position"):
        return base
    if modifier:
        return f"{modifier.strip().capitalize()} {base}"
    return base


def _issuer_name(raw: str | None) -> str | None:
    if not raw:
        return None
    raw = " ".join(raw.split())
    if raw.startswith("European Parliament"):
        return "European Parliament and Council"
    return raw


def parse_celex(text: str) -> ActRef | None:
    """An ActRef from a CELEX number of an act of sector 3 (R, L, D, F), e.g. "32016R0794"."""
    if not isinstance(text, str):
        return None
    m = _CELEX_RE.match(text)
    if not m:
        return None
    year, number = int(m["year"]), int(m["number"])
    if not (_MIN_YEAR <= year <= _MAX_YEAR) or number == 0:
        return None
    return act_ref(_LETTER_TO_TYPE[m["letter"]], year, number)


def parse_legal_act(text: str, *, issuer: str | None = None) -> ActRef | None:
    """One act citation ("Council Framework Decision 2002/475/JHA", "Regulation (EU) No 98/2013", a CELEX)."""
    if not isinstance(text, str) or len(text) > 300:
        return None
    celex = parse_celex(text)
    if celex is not None:
        return celex
    m = _SINGLE_ACT_RE.match(text)
    if not m:
        return None
    type_ = act_type_name(m["type"], m["mod"])
    letter = ACT_TYPES[type_][0]
    if m["a1"] is not None:
        a, b, has_no, sfx = m["a1"], m["b1"], bool(m["no1"]), m["sfx1"]
    elif m["a2"] is not None:
        a, b, has_no, sfx = m["a2"], m["b2"], False, None
    else:
        a, b, has_no, sfx = m["a3"], m["b3"], bool(m["no3"]), m["sfx3"]
    resolved = resolve_act_number(letter, a, b, has_no=has_no)
    if resolved is None:
        return None
    year, number = resolved
    if number == 0:
        return None
    iss = _issuer_name(m["issuer"]) or issuer
    if type_ == "Framework Decision" and not iss:
        iss = "Council"  # framework decisions were Council-only instruments (former third pillar)
    ns = m["ns"]
    if ns in ("CE", "UE"):
        ns = {"CE": "EC", "UE": "EU"}[ns]
    return act_ref(type_, year, number, issuer=iss, namespace=ns, suffix=sfx)


def celex_of(text: str) -> str | None:
    """CELEX of one act citation or of a CELEX number (idempotent); None if not an act citation."""
    ref = parse_legal_act(text)
    return ref.celex if ref else None


# -- Council documents -----------------------------------------------------------------------------------

_COUNCIL_DOC_RE = re.compile(
    r"""^\s*(?:(?:doc(?:ument)?\.?|ST)\s*)?
    (?:(?P<wk>WK\s*)|(?P<meeting>(?:DS|CM)\s+))?
    (?P<serial>\d{1,5})(?:\s*/\s*(?P<rev>\d{1,2}))?\s*/\s*(?P<year>\d{4}|\d{2})(?![\d/])
    (?P<rest>.*)$""",
    re.VERBOSE | re.DOTALL | re.IGNORECASE,
)
_REVISION_RE = re.compile(
    r"\b(?P<kind>REV|ADD|COR|EXT|AMD|DCL)\s*(?P<n>\d{1,2})\b(?:\s*(?P<kind2>REV|EXT|COR)\s*(?P<n2>\d{1,2})\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CouncilDocRef:
    """A Council document number, canonical: "9727/19", working documents "WK 12876/2018"."""

    number: str
    year: int
    serial: int
    working_document: bool = False
    revisions: tuple[str, ...] = field(default_factory=tuple)

    def properties(self) -> dict[str, Any]:
        """CouncilDocument node properties per graph/schema.yaml."""
        props: dict[str, Any] = {
            "number": self.number,
            "year": self.year,
            "serial": self.serial,
            "working_document": self.working_document,
        }
        if self.revisions:
            props["revisions"] = list(self.revisions)
        return props


def parse_revisions(text: str) -> tuple[str, ...]:
    """Revision markers as cited, in order, deduplicated: "+ ADD 1 + ADD 1 EXT 1" -> ("ADD 1", "ADD 1 EXT 1")."""
    out: list[str] = []
    for m in _REVISION_RE.finditer(text or ""):
        item = f"{m['kind'].upper()} {int(m['n'])}"
        if m["kind2"]:
            item += f" {m['kind2'].upper()} {int(m['n2'])}"
        if item not in out:
            out.append(item)
    return tuple(out)


def normalise_council_doc(text: str, *, doc_year: int | None = None) -> CouncilDocRef | None:
    """Canonical Council document: "10991/1/19 REV 1" -> 10991/19 (REV 1); "9935/2016" -> 9935/16;
    "WK 13308/19" -> WK 13308/2019; "DS 1031/17" keeps its prefix. Returns None for anything else."""
    if not isinstance(text, str) or len(text) > 400:
        return None
    m = _COUNCIL_DOC_RE.match(text)
    if not m:
        return None
    serial = int(m["serial"])
    year = full_year(m["year"])
    if year is None or serial == 0 or year < 1990 or year > max(doc_year or 2040, 2000) + 1:
        return None
    revisions = list(parse_revisions(m["rest"]))
    if m["rev"] is not None and int(m["rev"]) > 0:
        implied = f"REV {int(m['rev'])}"
        if not any(r.startswith("REV") for r in revisions):
            revisions.insert(0, implied)
    wk = m["wk"] is not None
    if m["meeting"] is not None:
        # Meeting documents ("document de séance" DS, meeting notices CM) are a series of their own: the
        # prefix stays ("DS 1031/17" is not the ST document 1031/17).
        number = f"{m['meeting'].strip().upper()} {serial}/{year % 100:02d}"
    else:
        number = f"WK {serial}/{year:04d}" if wk else f"{serial}/{year % 100:02d}"
    return CouncilDocRef(number=number, year=year, serial=serial, working_document=wk, revisions=tuple(revisions))


# -- Commission documents --------------------------------------------------------------------------------

_COMMISSION_DOC_RE = re.compile(
    r"""^\s*(?:
        (?P<series>COM|SWD|SEC|JOIN|C)\s*\(\s*(?P<year>\d{4})\s*\)\s*(?P<serial>\d{1,5})
      | (?P<series2>COM|SWD|SEC|JOIN|C)\s*/\s*(?P<year2>\d{4})\s*/\s*(?P<serial2>\d{1,5})
    )(?P<rest>.*)$""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class CommissionDocRef:
    """A Commission document, canonical "COM(2017) 610"."""

    reference: str
    series: str
    year: int
    serial: int
    final: bool = False

    def properties(self) -> dict[str, Any]:
        """CommissionDocument node properties per graph/schema.yaml."""
        props: dict[str, Any] = {"reference": self.reference, "series": self.series, "year": self.year, "serial": self.serial}
        if self.final:
            props["final"] = True
        return props


def normalise_commission_doc(text: str) -> CommissionDocRef | None:
    """"COM (2019) 370", "COM(2015) 624 final", "C/2019/109" -> canonical reference; None otherwise."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    m = _COMMISSION_DOC_RE.match(text)
    if not m:
        return None
    series = m["series"] or m["series2"]
    year = int(m["year"] or m["year2"])
    serial = int(m["serial"] or m["serial2"])
    if not (1958 <= year <= _MAX_YEAR) or serial == 0:
        return None
    final = bool(re.match(r"\s*,?\s*final\b", m["rest"] or "", re.IGNORECASE))
    return CommissionDocRef(reference=f"{series}({year}) {serial}", series=series, year=year, serial=serial, final=final)
