"""The identity of a document: the Council cover page in all its shapes, or the title of an EU legal act or
a Commission document; and the gate that refuses files that are not EU documents at all.

Cover pages come out of PDF-to-text tools in many shapes: the number alone on a line or sharing one with the
place, date, "(OR. en)", LIMITE and the file codes; the revision on the next line ("9588/3/20" + "REV 3");
labels and values on separate lines, two labels followed by their two values, or a whole cover page on one
line; junk from document sites before it. The reader therefore works on the flat text of the first lines
with an offset -> line map, scores every candidate number by the cover-page evidence around it, and reads
the labelled fields by their order rather than by their line breaks.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from eusec.errors import InputError
from eusec.ingest.lexical import parse_date
from eusec.ingest.types import Header

#: How far into the text the cover page is looked for (document sites put banners and titles first).
HEAD_LINES = 220
HEAD_CHARS = 24000

_NUM_RE = re.compile(
    r"(?<![\w/.])(?:(?P<prefix>WK|DS|CM|ST|PE-CONS)\s*)?(?P<serial>\d{1,5})\s*/\s*(?:(?P<rev>\d{1,2})\s*/\s*)?"
    r"(?P<year>(?:19|20)\d{2}|\d{2})(?![\w/])(?P<suffix>(?:\s+(?:REV|ADD|COR|EXT)\s*\d{1,2}(?!\d))*)"
)
#: The register's form: "ST 7043 2018 INIT".
_REGISTER_RE = re.compile(r"\bST\s+(?P<serial>\d{1,5})\s+(?P<year>(?:19|20)\d{2})\s+(?P<suffix>INIT|(?:REV|ADD|COR)\s*\d{1,2})\b")
_VERSION_LINE_RE = re.compile(r"^\W*((?:(?:REV|ADD|COR|EXT)\s*\d{1,2}\s*)+)\W*$")
_SUFFIX_PART_RE = re.compile(r"(REV|ADD|COR|EXT)\s*(\d{1,2})")
_OR_RE = re.compile(r"\(\s*OR\.?\s*[a-z]{2}(?:\s*,\s*[a-z]{2})*\s*\)", re.IGNORECASE)
_PLACE_DATE_RE = re.compile(
    r"\b(?:Brussels|Luxembourg|Strasbourg|Bruxelles)\s*,?\s*(?:the\s+)?(\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})"
)
_COUNCIL_RE = re.compile(r"Council\s+of\s+the\s+European\s+Union|COUNCIL\s+OF\s+THE\s+EUROPEAN\s+UNION|General\s+Secretariat\s+of\s+the\s+Council")
_COUNCIL_LINE_RE = re.compile(r"^\W*Council\s+of\s+the\W*$", re.IGNORECASE)
_CLASSIF_RE = re.compile(
    r"\b(RESTREINT\s+UE\s*/\s*EU\s+RESTRICTED|RESTREINT\s+UE|CONFIDENTIEL\s+UE\s*/\s*EU\s+CONFIDENTIAL|CONFIDENTIEL\s+UE|LIMITE|PUBLIC)\b"
)
_LABEL_RE = re.compile(
    r"(?<![A-Za-z.])(?P<label>From|FROM|To|TO|No\.?\s*prev\.?\s*docs?\.?|No\.?\s*Cion\.?\s*docs?\.?|NO\.?\s*PREV\.?\s*DOCS?\.?|"
    r"Subject|SUBJECT|Objet)\s*:"
)
_IIF_RE = re.compile(
    r"Interinstitutional\s+Files?\s*:?\s*((?:(?:19|20)\d{2}\s*/\s*\d{3,4}\s*\(\s*[A-Z]{3}\s*\)\s*)+)", re.IGNORECASE
)
_IIF_ONE_RE = re.compile(r"((?:19|20)\d{2})\s*/\s*(\d{3,4})\s*\(\s*([A-Z]{3})\s*\)")
_DOC_TYPE_RE = re.compile(
    r"(?<![A-Za-z])(?:['‘’\"“”]?(I/A|I|A)['‘’\"“”]?\s+ITEM\s+NOTE|(OUTCOME\s+OF\s+(?:THE\s+)?PROCEEDINGS|COVER\s+NOTE|"
    r"INFORMATION\s+NOTE|NOTE|REPORT|RESOLUTION|RECOMMENDATION|OPINION|CONTRIBUTION|DISCUSSION\s+PAPER))(?![A-Za-z])"
)
_CODE_PAIR_RE = re.compile(r"(?<![A-Za-z0-9/])\**([A-Z][A-Z-]{1,14})\s?(\d{1,4})(?![\d/])\**")
_NOT_CODES = {
    "REV", "ADD", "COR", "EXT", "ST", "WK", "DS", "CM", "COM", "SWD", "JOIN", "OJ", "EN", "OR", "NO", "ANNEX", "PE",
    "CONS", "PE-CONS", "ARTICLE", "CHAPTER", "SECTION", "PART", "TITLE", "ACTION", "MEASURE", "PAGE", "RECOMMENDATION",
}
#: Council subject codes of JHA files (a pair with one of these counts as a file code even alone).
KNOWN_FILE_CODES = {
    "JAI", "COSI", "CATS", "ENFOPOL", "ENFOCUSTOM", "CRIMORG", "CORDROGUE", "COPEN", "DROIPEN", "GENVAL", "IXIM",
    "DAPIX", "SIRIS", "FRONT", "SCHENGEN", "COMIX", "CT", "COTER", "CFSP/PESC", "PESC", "CFSP", "COPS", "CYBER",
    "HYBRID", "DISINFO", "FREMP", "DATAPROTECT", "MIGR", "ASIM", "VISA", "CODEC", "EUROJUST", "EPPO", "EUROPOL",
    "TELECOM", "IA", "RELEX", "COEST", "COAFR", "COMAG", "COHOM", "CSDP/PSDC", "CSDP", "PSDC", "POLMIL", "IPCR",
    "PROCIV", "SAN", "CSC", "DATA", "CONSOM", "MI", "DIGIT", "ECOFIN", "EF", "FIN", "UD", "COWEB", "COLAC",
    "COASI", "AG", "JUR", "INST", "PARLNAT", "FREMP", "CULT", "EDUC", "SOC", "ANTIDROGUE", "JAIEX", "ENER",
    "TRANS", "AVIATION", "MAR", "ESPACE", "RECH", "COMPET", "IND", "GAF", "POLGEN", "CIVCOM", "COSCE", "ECO",
    "CORLX", "CATS", "VISA", "COMIX", "DEVGEN", "CONUN", "TRADE", "WTO", "ENV", "CLIMA", "SPORT",
}
_ACT_TITLE_RE = re.compile(
    r"^[\s►◄▼\w]{0,6}?\b((?:COUNCIL\s+|COMMISSION\s+)?(?:IMPLEMENTING\s+|DELEGATED\s+)?(?:REGULATION|DIRECTIVE|"
    r"FRAMEWORK\s+DECISION|DECISION|JOINT\s+ACTION|COMMON\s+POSITION)\b[^\n]{0,60}?\d{2,4}\s*/\s*\d{1,4})"
)
#: The title as EUR-Lex pages print it in their heading, in mixed case, with the issuer on the same line.
_ACT_TITLE_MIXED_RE = re.compile(
    r"^\s*((?:Council\s+|Commission\s+)?(?:Implementing\s+|Delegated\s+)?(?:Regulation|Directive|Framework\s+Decision|Decision|"
    r"Joint\s+Action|Common\s+Position)\s+(?:\((?:EU|EC|EEC|Euratom)\)\s+)?(?:No\s+)?\d{2,4}/\d{1,4}(?:/[A-Z]{2,4})?)\s+of\s+the\s+"
    r"(?:European\s+Parliament|Council)"
)
_ACT_TAIL_RE = re.compile(r"OF\s+THE\s+EUROPEAN\s+PARLIAMENT|OF\s+THE\s+COUNCIL|\bof\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|Official\s+Journal")
_COMMISSION_RE = re.compile(r"^\W*EUROPEAN\s+COMMISSION\W*$|^\W*HIGH\s+REPRESENTATIVE\b|EUROPEAN\s+COMMISSION\s+(?=Brussels)", re.MULTILINE)
#: An act's title anywhere in the first characters (a text that lost its line breaks).
_ACT_TITLE_INLINE_RE = re.compile(
    r"(?:COUNCIL\s+|COMMISSION\s+)?(?:IMPLEMENTING\s+|DELEGATED\s+)?(?:REGULATION|DIRECTIVE|FRAMEWORK\s+DECISION|DECISION)\s+"
    r"(?:\((?:EU|EC|EEC|Euratom)\)\s+)?(?:No\s+)?\d{2,4}/\d{1,4}(?:/[A-Z]{2,4})?\s+(?:OF\s+THE\s+EUROPEAN\s+PARLIAMENT|OF\s+THE\s+COUNCIL|"
    r"of\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4})"
)
_COM_REF_RE = re.compile(r"\b(COM|SWD|JOIN|C)\s*\(\s*(\d{4})\s*\)\s*(\d{1,4})(\s+final)?")
_OJ_RE = re.compile(r"Official\s+Journal\s+of\s+the\s+European\s+Union|EUR-Lex|\bELI\s*:", re.IGNORECASE)
#: Where the body starts when a cover page lost its line breaks (the subject runs into the text).
_BODY_START_RE = re.compile(
    r"\s(?=Delegations\s+(?:will|are|find)|DELEGATIONS\b|With\s+a\s+view\b|INTRODUCTION\b|Introduction\b|"
    r"I\.\s+[A-Z]|1\.\s+[A-Z]|The\s+(?:Council|Presidency|Commission|General\s+Secretariat)\b|In\s+(?:line|view)\s|"
    r"Following\s|ANNEX\b|Annex\b)"
)


#: A line that holds only cover-page tokens (classification, language, type, version, place and date).
_COVER_LINE_RE = re.compile(
    r"^(?:\(\s*OR\.?\s*[a-z]{2}\s*\)|LIMITE|PUBLIC|RESTREINT\s+UE(?:/EU\s+RESTRICTED)?|(?:REV|ADD|COR|EXT)\s*\d+|"
    r"(?:['‘’\"]?(?:I/A|I|A)['‘’\"]?\s+ITEM\s+)?NOTE|COVER\s+NOTE|INFORMATION\s+NOTE|REPORT|OUTCOME\s+OF\s+PROCEEDINGS|"
    r"Council\s+of\s+the(?:\s+European\s+Union)?|European\s+Union|(?:Brussels|Luxembourg),?\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}"
    r"(?:\s*\(\s*OR\.?\s*[a-z]{2}\s*\))?|\s)+$"
)


class _Flat:
    """The first lines as one string, with a map from offsets back to 0-based line indexes."""

    def __init__(self, lines: list[str]) -> None:
        self.starts: list[int] = []
        parts: list[str] = []
        pos = 0
        for line in lines:
            if pos > HEAD_CHARS or len(self.starts) >= HEAD_LINES:
                break
            self.starts.append(pos)
            parts.append(line)
            pos += len(line) + 1
        self.text = "\n".join(parts)

    def line_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def col_of(self, offset: int) -> int:
        return offset - self.starts[self.line_of(offset)]


def canonical_number(prefix: str | None, serial: str, rev: str | None, year: str, suffix: str) -> tuple[str, str]:
    """The canonical key and version of a printed Council number.

    ``("", "9588", "3", "20", "")`` -> ("9588/20", "REV 3"); WK documents keep their prefix and a 4-digit year
    ("WK 5412/2021"), DS, CM and PE-CONS documents their prefix ("DS 1031/17"); ST and 4-digit years of ST documents
    are dropped ("7043/2018" -> "7043/18").
    """
    parts = list(dict.fromkeys(f"{k} {int(n)}" for k, n in _SUFFIX_PART_RE.findall(suffix or "")))
    if rev and not any(p.startswith("REV") for p in parts):
        parts.insert(0, f"REV {int(rev)}")
    version = " ".join(parts)
    prefix = (prefix or "").upper()
    if prefix == "WK":
        yyyy = year if len(year) == 4 else f"20{year}"
        return f"WK {int(serial)}/{yyyy}", version
    yy = year[-2:]
    key = f"{int(serial)}/{yy}"
    if prefix in ("DS", "CM", "PE-CONS"):
        key = f"{prefix} {key}"
    return key, version


def _score(flat: _Flat, m: re.Match[str], council_at: int | None) -> int:
    """Cover-page evidence around a candidate number (higher is more likely the document's own number)."""
    text = flat.text
    li = flat.line_of(m.start())
    line_start = flat.starts[li]
    line_end = text.find("\n", m.end())
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    before = text[line_start : m.start()]
    if re.search(r"\b(?:prev|Cion|Subject|see|cf|ref|of|in|to|and)\b\.?[^\n]{0,3}$|doc(?:s|uments?)?\.?\s*:?\s*$", before[-40:], re.IGNORECASE):
        return -10  # a cited document in the header fields or the text, not the paper's own number
    if re.search(r"(?:\((?:EU|EC|EEC)\)|Regulation|Directive|Decision|No)\s*$", before[-30:]):
        return -10  # an act's number ("Regulation (EU) 2019/81"), not a Council document
    prev_line = text[flat.starts[li - 1] : line_start].strip() if li > 0 else ""
    if re.search(r"doc(?:s|uments?)?\.?\s*:$", prev_line, re.IGNORECASE):
        return -10
    score = 0
    if re.fullmatch(r"\W*(?:ST\s+)?", before) and re.fullmatch(r"[\s*]*(?:(?:REV|ADD|COR|EXT)\s*\d+\s*)*", text[m.end() : line_end]):
        score += 3  # alone on its line
    lo = max(0, m.start() - 250)
    hi = min(len(text), m.end() + 250)
    window = text[lo:hi]
    if _OR_RE.search(window):
        score += 2
    if _PLACE_DATE_RE.search(window):
        score += 2
    if _CLASSIF_RE.search(text[max(0, m.start() - 120) : m.end() + 120]):
        score += 1
    after = text[m.end() : m.end() + 90]
    if re.match(r"\s+(?:[A-Z]{2,5}/)+[a-z]{1,4}\b", after):
        # a page footer repeats the paper's own number with the drafters' initials (the cover page may be lost)
        score += 2 if re.search(r"\bEN\b", after) else 1
    if council_at is not None and council_at <= m.start() and m.start() - council_at < 800:
        score += 1
    if len(line) > 400 and score < 3:
        score -= 1  # in running text
    return score


def _number(flat: _Flat) -> tuple[re.Match[str] | None, int]:
    council = _COUNCIL_RE.search(flat.text)
    council_at = council.start() if council else None
    best: tuple[int, int, re.Match[str]] | None = None
    for m in _NUM_RE.finditer(flat.text, 0, HEAD_CHARS):
        year = m.group("year")
        if len(year) == 2 and int(m.group("serial")) < 10 and not m.group("prefix"):
            continue  # "1/10": a fraction or a date, not a Council number
        s = _score(flat, m, council_at)
        if best is None or s > best[0]:
            best = (s, -m.start(), m)
    if best is None or best[0] < 2:
        reg = _REGISTER_RE.search(flat.text)
        if reg:  # "ST 7043 2018 INIT" as document sites print it
            fake = _NUM_RE.search(f"{reg.group('serial')}/{reg.group('year')}")
            if fake is not None:
                return _Shifted(fake, reg), 3
    if best is None:
        return None, 0
    return best[2], best[0]


class _Shifted:
    """A number read from the register's form, answering like a match of ``_NUM_RE`` at its place."""

    def __init__(self, m: re.Match[str], reg: re.Match[str]) -> None:
        self._m, self._reg = m, reg
        suffix = reg.group("suffix")
        self._suffix = "" if suffix == "INIT" else " " + suffix

    def group(self, *names: Any) -> Any:
        if names == (0,) or not names:
            return self._reg.group(0)
        vals = tuple(self._suffix if n == "suffix" else self._m.group(n) for n in names)
        return vals[0] if len(vals) == 1 else vals

    def start(self) -> int:
        return self._reg.start()

    def end(self) -> int:
        return self._reg.end()


def _eu_signals(flat: _Flat) -> list[str]:
    """Evidence that the first lines are a Council cover page (named in the gate's message)."""
    text = flat.text
    found = []
    if _COUNCIL_RE.search(text) or any(_COUNCIL_LINE_RE.match(text[s : s + 40].split("\n")[0]) for s in flat.starts[:80]):
        found.append("Council of the European Union")
    if _OR_RE.search(text):
        found.append("(OR. xx)")
    if _PLACE_DATE_RE.search(text):
        found.append("place and date")
    if re.search(r"(?<![A-Za-z])(?:From|To)\s*:", text) and re.search(r"(?<![A-Za-z])Subject\s*:", text):
        found.append("From/To/Subject")
    if re.search(r"(?<![A-Za-z])LIMITE(?![A-Za-z])", text):
        found.append("LIMITE")
    if _IIF_RE.search(text):
        found.append("Interinstitutional File")
    if re.search(r"\d{1,5}/(?:\d{1,2}/)?\d{2}\s+(?:(?:REV|ADD|COR)\s*\d+\s+)*(?:[A-Z]{2,5}/)+[a-z]{1,4}\b[^\n]{0,60}\bEN\b", text):
        found.append("page footer")
    return found


def _fields(h: Header, flat: _Flat, start: int) -> int:
    """Read the labelled fields from ``start`` on; return the offset where the cover page ends."""
    text = flat.text
    labels = []
    for m in _LABEL_RE.finditer(text, start):
        if m.start() - start > 6000:
            break
        labels.append(m)
        if m.group("label") in ("Subject", "SUBJECT", "Objet"):
            break
    end = start
    pending: list[re.Match[str]] = []
    for k, m in enumerate(labels):
        name = m.group("label")
        if name in ("Subject", "SUBJECT", "Objet"):
            value, end = _subject_value(text, m.end())
            lines = [v for v in value.split("\n") if v.strip()]
            # values of labels printed together before it come first ("From:\nTo:\nSubject:\nPresidency ...")
            while pending and lines:
                _set_field(h, pending.pop(0), lines.pop(0).strip(), flat)
            h.subject = " ".join(" ".join(lines).split()) or None
            h.fields_lines["title"] = flat.line_of(m.start()) + 1
            return end
        nxt = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        between = text[m.end() : nxt]
        if not between.strip():
            pending.append(m)
            continue
        values = [v.strip() for v in between.split("\n") if v.strip()]
        group = pending + [m]
        pending = []
        if len(values) >= len(group):
            for g, v in zip(group, values):
                _set_field(h, g, v, flat)
            extra = values[len(group) :]
            if extra and group[-1].group("label").lower().startswith("no"):
                _set_field(h, group[-1], " ".join([values[len(group) - 1], *extra]), flat)
        else:
            _set_field(h, group[-1], " ".join(values), flat)
        end = m.end() + len(between.rstrip())
    return end


def _subject_value(text: str, pos: int) -> tuple[str, int]:
    """The subject: the rest of its line and the following lines up to a blank line (at most five lines);
    on a cover page that lost its line breaks, up to where the body plainly starts."""
    nl = text.find("\n", pos)
    first = text[pos : nl if nl >= 0 else len(text)]
    if not first.strip() and nl >= 0:
        # the value on the next line(s)
        pos = nl + 1
        while pos < len(text) and text[pos] == "\n":
            pos += 1
        nl = text.find("\n", pos)
        first = text[pos : nl if nl >= 0 else len(text)]
    if len(first) > 300:
        cut = _BODY_START_RE.search(first, 20)
        stop = cut.start() if cut else min(len(first), 250)
        return first[:stop], pos + stop
    out = [first]
    end = pos + len(first)
    j = end
    while len(out) < 6 and j < len(text) and text[j] == "\n":
        nxt = text.find("\n", j + 1)
        line = text[j + 1 : nxt if nxt >= 0 else len(text)]
        if not line.strip() or len(line) > 300 or _LABEL_RE.match(line.strip()):
            break
        # a wrapped subject goes on in plain words; a heading, a table row or the body's first line does not
        wrapped = (
            len(out[-1].strip()) >= 45
            or line[:1].islower()
            or out[-1].rstrip().endswith(("-", "–", ",", "(", "and", "of", "on", "the"))
            or (len(line.strip()) < 60 and not line.rstrip().endswith("."))
        )
        if not wrapped or re.match(r"\s*(?:The|This|These|In|On|At|Following|As|With|Since|It)\s", line):
            break
        if "\t" in line or out[-1].rstrip().endswith((".", ":")) or re.match(
            r"\s*(?:Delegations\b|[IVX]+\.\s|\d{1,3}\s*[.)]\s|\d+\s*$|[-•*]|Follow[\s-]*up\b|Respons|INTRODUCTION\b|ANNEX\b|[A-Z]{3,}\s+[A-Z]{3,})", line
        ):
            break
        out.append(line)
        j = j + 1 + len(line)
        end = j
    return "\n".join(out), end


def _set_field(h: Header, m: re.Match[str], value: str, flat: _Flat) -> None:
    name = m.group("label").lower()
    value = " ".join(value.replace("**", " ").split()).strip(" ;,")
    line = flat.line_of(m.start()) + 1
    if name == "from":
        h.from_, h.fields_lines["from_"] = value, line
    elif name == "to":
        h.to, h.fields_lines["to"] = value, line
    elif "prev" in name:
        h.previous_document_raw, h.fields_lines["previous_document"] = value, line
        nums = [canonical_number(*x.group("prefix", "serial", "rev", "year", "suffix"))[0] for x in _NUM_RE.finditer(value)]
        nums = [n for n in nums if n != h.number]  # an earlier revision of this very paper is not another document
        h.previous_document = nums[0] if nums else None
    elif "cion" in name:
        h.commission_document_raw, h.fields_lines["commission_document"] = value, line


def _classify_type(h: Header, region: str) -> None:
    m = _DOC_TYPE_RE.search(region)
    if m:
        if m.group(1):
            h.doc_type = f"{m.group(1)} ITEM NOTE"
        else:
            h.doc_type = " ".join(m.group(2).split())
    subject = h.subject or ""
    sm = re.match(
        r"\s*((?:Draft\s+)?Council\s+conclusions|(?:Draft\s+)?Council\s+Resolution|Draft\s+(?:Council\s+)?(?:Implementing\s+)?"
        r"(?:Decision|Regulation|Directive|Recommendation|Statement|Report|Roadmap|Action\s+Plan|Strategy|Declaration))\b",
        subject,
        re.IGNORECASE,
    )
    if sm and h.doc_type in (None, "NOTE", "I ITEM NOTE", "I/A ITEM NOTE", "A ITEM NOTE"):
        kind = " ".join(sm.group(1).split())
        h.doc_kind = kind[:1].upper() + kind[1:]


def _file_codes(region: str) -> list[str]:
    """Council subject codes: runs of CODE + running number ("COSI 51 ENFOPOL 140 JAI 230")."""
    codes: list[str] = []
    for line in region.split("\n"):
        pairs = [(a, b, m.start(), m.end()) for m in _CODE_PAIR_RE.finditer(line) for a, b in [m.groups()] if a not in _NOT_CODES]
        if not pairs:
            continue
        runs: list[list[tuple[str, str, int, int]]] = [[pairs[0]]]
        for p in pairs[1:]:
            gap = line[runs[-1][-1][3] : p[2]]
            if re.fullmatch(r"[\s,*]*", gap):
                runs[-1].append(p)
            else:
                runs.append([p])
        alone = len(pairs) == 1 and re.fullmatch(r"[\s*]*[A-Z][A-Z-]{1,14}\s?\d{1,4}[\s*]*", line) is not None
        for run in runs:
            # a pair alone on its line is a file code too (cover pages list them one per line)
            if len(run) >= 2 or run[0][0] in KNOWN_FILE_CODES or alone:
                codes.extend(f"{a} {int(b)}" for a, b, _, _ in run)
    if not codes:
        # working documents print the codes without running numbers, one or several to a line
        for line in region.split("\n"):
            words = line.replace("**", " ").split()
            if words and all(w in KNOWN_FILE_CODES for w in words):
                codes.extend(words)
    return list(dict.fromkeys(codes))


def _council_header(lines: list[str], flat: _Flat, m: re.Match[str]) -> Header:
    key, version = canonical_number(*m.group("prefix", "serial", "rev", "year", "suffix"))
    li = flat.line_of(m.start())
    # the version printed on the next line ("9588/3/20" then "REV 3")
    for j in range(li + 1, min(li + 3, len(flat.starts))):
        nxt = lines[j].strip().replace("**", "")
        if not nxt:
            continue
        vm = _VERSION_LINE_RE.match(nxt)
        if vm:
            _, version = canonical_number(m.group("prefix"), m.group("serial"), m.group("rev"), m.group("year"), (m.group("suffix") or "") + " " + vm.group(1))
        break
    h = Header(number=key, number_suffix=version, number_line=li + 1)
    h.kind = "council"
    h.printed_number = m.group(0).split()[-1] if not m.group("prefix") else m.group(0)
    h.printed_number = re.sub(r"\s+(?:REV|ADD|COR|EXT)\s*\d+", "", m.group(0)).strip()
    h.revision = version or None
    text = flat.text
    # the cover page starts a little before the number (place and date, "Council of the European Union"),
    # but not in the junk before it (a request portal's e-mail has its own From:/To:/Subject:)
    first = li
    for j in range(li - 1, max(-1, li - 13), -1):
        t = lines[j].strip().replace("**", "")
        if t and not (_COVER_LINE_RE.match(t) or _file_codes(t) or re.match(r"(?i)interinstitutional|file\s*:|(?:19|20)\d{2}/\d{3,4}", t)):
            break
        first = j
    start = flat.starts[first]
    end = _fields(h, flat, start)
    if h.subject is None:
        end = max(end, m.end())
        j = flat.line_of(end) + 1
        while j < len(flat.starts) and j < li + 25:
            t = lines[j].strip().replace("**", "")
            if t and not _COVER_LINE_RE.match(t) and not _file_codes(t):
                break
            if t:
                end = flat.starts[j] + len(lines[j])
            j += 1
    region = text[start:end]
    pd = _PLACE_DATE_RE.search(region)
    if pd:
        h.date = parse_date(pd.group(0)) or _numeric_date(pd.group(1))
        h.date_line = flat.line_of(start + pd.start()) + 1
    if h.date is None:
        h.date = parse_date(region)
    before_subject = region
    sm = re.search(r"(?<![A-Za-z])(?:Subject|SUBJECT|Objet)\s*:", region)
    if sm:
        before_subject = region[: sm.start()]
    cm = _CLASSIF_RE.search(before_subject)
    if cm:
        h.classification = " ".join(cm.group(1).split())
        h.fields_lines["classification"] = flat.line_of(start + cm.start()) + 1
    fm = _LABEL_RE.search(before_subject)
    type_region = before_subject[: fm.start()] if fm else before_subject
    _classify_type(h, type_region.replace(m.group(0), " "))
    if h.doc_type:
        h.fields_lines["doc_type"] = h.number_line
    h.subject_codes = _file_codes(type_region)
    # "Interinstitutional File:" with its value after it, on the next line or after another column's text
    for im in re.finditer(r"Interinstitutional\s+Files?\s*:?", text[: end + 200], re.IGNORECASE):
        h.interinstitutional_file = [f"{a}/{b}({c})" for a, b, c in _IIF_ONE_RE.findall(text[im.end() : im.end() + 160])]
        if h.interinstitutional_file:
            break
    _finish(h, flat, end)
    if h.subject is None and re.match(r"\s+(?:[A-Z]{2,5}/)+[a-z]{1,4}\b", text[m.end() : m.end() + 40]):
        # the number came from a page footer (the cover page was lost): the whole text is body; the footer
        # reader removes the footers themselves
        h.line_end, h.body_start, h.body_col = 1, 0, 0
    return h


def _numeric_date(s: str) -> str | None:
    m = re.match(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", s)
    if not m:
        return None
    try:
        from datetime import date

        return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return None


def _finish(h: Header, flat: _Flat, end: int) -> None:
    """Where the body starts: the line after the cover page, or the column where it ends on its line."""
    end = min(end, len(flat.text))
    li = flat.line_of(end) if end < len(flat.text) else max(0, len(flat.starts) - 1)
    col = end - flat.starts[li]
    line_len = len(flat.text) - flat.starts[li] if li + 1 >= len(flat.starts) else flat.starts[li + 1] - flat.starts[li] - 1
    rest = flat.text[end : flat.starts[li] + line_len]
    if not rest.strip():
        h.line_end = li + 1
        h.body_start, h.body_col = li + 1, 0
    else:
        h.line_end = li + 1
        h.body_start, h.body_col = li, col


def _act_header(lines: list[str], flat: _Flat) -> Header | None:
    """An EU legal act as published (OJ / EUR-Lex): its own title block gives the CELEX key."""
    from eusec.ingest.mentions import find_mentions

    for li in range(min(120, len(flat.starts))):
        line = lines[li]
        m = _ACT_TITLE_RE.match(line) or _ACT_TITLE_MIXED_RE.match(line)
        if not m:
            continue
        block = " ".join(lines[li : li + 4])
        if not _ACT_TAIL_RE.search(block):
            continue
        acts = [x for x in find_mentions(block) if x.label == "LegalAct"]
        if not acts or acts[0].start > len(line) + 5:
            continue
        h = Header(number=acts[0].key, number_line=li + 1)
        h.kind = "legal_act"
        h.doc_type = "LEGAL ACT"
        title_lines = []
        for j in range(li, min(li + 8, len(lines))):
            t = lines[j].strip()
            if not t or re.match(r"(THE\s+EUROPEAN|THE\s+COUNCIL|THE\s+COMMISSION|Having\s+regard|\(Text\s+with)", t):
                if title_lines and not t:
                    continue
                if t:
                    break
            title_lines.append(t)
            if len(" ".join(title_lines)) > 600:
                break
        h.subject = " ".join(" ".join(title_lines).split())[:600] or None
        dm = re.search(r"\bof\s+(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})", h.subject or "")
        h.date = parse_date(dm.group(1)) if dm else None
        h.fields_lines["title"] = li + 1
        h.printed_number = acts[0].text
        _finish(h, flat, flat.starts[li])
        h.body_start, h.body_col = li, 0  # the title block states the act's relations: analyse it too
        return h
    m = _ACT_TITLE_INLINE_RE.search(flat.text[:3000])
    if m:
        acts = [x for x in find_mentions(m.group(0)) if x.label == "LegalAct"]
        if acts and acts[0].start < 12:
            li = flat.line_of(m.start())
            h = Header(number=acts[0].key, number_line=li + 1)
            h.kind, h.doc_type, h.printed_number = "legal_act", "LEGAL ACT", acts[0].text
            h.subject = " ".join(flat.text[m.start() : m.start() + 400].split())
            dm = re.search(r"\bof\s+(\d{1,2}\s+[A-Z][a-z]+\s+\d{4})", h.subject)
            h.date = parse_date(dm.group(1)) if dm else None
            h.line_end, h.body_start, h.body_col = li + 1, li, 0
            return h
    return None


def _unnumbered_council_header(lines: list[str], flat: _Flat, signals: list[str]) -> Header | None:
    """A Council cover page whose number was lost (a text from a document site): keyed by its content, so
    that re-ingesting the same text changes nothing."""
    import hashlib

    text = flat.text
    if "Council of the European Union" not in signals or not ({"From/To/Subject", "(OR. xx)"} & set(signals)):
        return None
    if not re.search(r"(?m)^\W*Council\s+of\s+the(?:\s+European\s+Union)?\b", text):
        return None  # the words inside running text are not a cover page
    digest = hashlib.sha256(" ".join("\n".join(lines).split()).encode("utf-8")).hexdigest()[:12]
    h = Header(number=f"UNNUMBERED {digest}", number_line=1)
    h.kind = "council"
    h.printed_number = ""
    start = 0
    end = _fields(h, flat, start)
    region = text[start:end]
    pd = _PLACE_DATE_RE.search(region)
    if pd:
        h.date = parse_date(pd.group(0)) or _numeric_date(pd.group(1))
    sm = re.search(r"(?<![A-Za-z])(?:Subject|SUBJECT|Objet)\s*:", region)
    before_subject = region[: sm.start()] if sm else region
    cm = _CLASSIF_RE.search(before_subject)
    if cm:
        h.classification = " ".join(cm.group(1).split())
    fm = _LABEL_RE.search(before_subject)
    type_region = before_subject[: fm.start()] if fm else before_subject
    _classify_type(h, type_region)
    h.subject_codes = _file_codes(type_region)
    _finish(h, flat, end)
    return h


def _commission_header(lines: list[str], flat: _Flat) -> Header | None:
    """A Commission document (proposal, communication, report): "EUROPEAN COMMISSION" and its COM reference."""
    from eusec.ingest.mentions import find_mentions

    text = flat.text
    cm = _COMMISSION_RE.search(text[:6000])
    refs = list(_COM_REF_RE.finditer(text[:8000]))
    if not cm or not refs:
        return None
    ref = min(refs, key=lambda r: abs(r.start() - cm.start()))
    keys = [x for x in find_mentions(ref.group(0)) if x.label == "CommissionDocument"]
    if not keys:
        return None
    li = flat.line_of(ref.start())
    h = Header(number=keys[0].key, number_line=li + 1)
    h.kind = "commission"
    h.printed_number = ref.group(0)
    pm = re.search(r"^\s*(Proposal\s+for\s+a[n]?\s+[^\n]*(?:\n[^\n]+){0,4})", text[ref.end() : ref.end() + 3000], re.MULTILINE)
    if pm:
        h.doc_type = "PROPOSAL"
        h.subject = " ".join(pm.group(1).split())[:600]
    else:
        h.doc_type = "COMMISSION DOCUMENT"
        nxt = text[ref.end() : ref.end() + 1500]
        tm = re.search(r"(COMMUNICATION|REPORT|JOINT COMMUNICATION|COMMISSION STAFF WORKING DOCUMENT)[^\n]*(?:\n[^\n]+){0,3}", nxt)
        h.subject = " ".join(tm.group(0).split())[:600] if tm else None
    pd = _PLACE_DATE_RE.search(text[max(0, cm.start() - 200) : ref.end() + 200])
    if pd:
        h.date = parse_date(pd.group(0)) or _numeric_date(pd.group(1))
    im = _IIF_ONE_RE.search(text[ref.end() : ref.end() + 300])
    if im:
        h.interinstitutional_file = [f"{im.group(1)}/{im.group(2)}({im.group(3)})"]
    _finish(h, flat, ref.end())
    return h


NOT_EU_MESSAGE = (
    "not an EU document: no Council document number with a cover page (e.g. '7043/18' with "
    "'Brussels, 12 March 2018 (OR. en)', LIMITE or From:/To:/Subject:), no EU legal act title "
    "('REGULATION (EU) 2016/794 OF THE EUROPEAN PARLIAMENT ...') and no Commission reference "
    "('EUROPEAN COMMISSION ... COM(2018) 640 final') in the first lines"
)


def parse_header(lines: list[str]) -> Header:
    """Identify the document and read its cover page; ``InputError`` (one line) when it is not an EU document.

    Council documents (any cover-page shape) are keyed by their canonical number, EU legal acts as published
    by their CELEX number, Commission documents by their reference ("COM(2018) 640").
    """
    flat = _Flat(lines)
    m, score = _number(flat)
    signals = _eu_signals(flat)
    if m is not None and score >= 2 and (signals or score >= 5):
        return _council_header(lines, flat, m)
    act = _act_header(lines, flat)
    if act is not None:
        return act
    com = _commission_header(lines, flat)
    if com is not None:
        return com
    lost = _unnumbered_council_header(lines, flat, signals)
    if lost is not None:
        return lost
    raise InputError(NOT_EU_MESSAGE)


__all__ = ["parse_header", "canonical_number", "NOT_EU_MESSAGE", "KNOWN_FILE_CODES"]
