"""Typed records passed from the EUR-Lex readers to the graph builder."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The relationship types EUR-Lex/CELLAR supplies (graph/schema.yaml), always oriented from the acting act.
RELATION_TYPES = ("AMENDS", "REPEALS", "BASED_ON", "CORRECTS")

#: Value of the ``source`` of every EUR-Lex statement starts with this (queries test ``STARTS WITH``).
SOURCE_PREFIX = "EUR-Lex/CELLAR"


@dataclass
class ActRecord:
    """What one source says about one legal act (None / empty: not stated)."""

    celex: str
    title: str | None = None
    date_document: str | None = None
    date_entry_into_force: str | None = None
    date_end_of_validity: str | None = None
    in_force: bool | None = None
    eli: str | None = None
    author: str | None = None
    eurovoc: list[str] = field(default_factory=list)
    consolidated_versions: list[str] = field(default_factory=list)
    line: int = 0  # where in the file it was read (0 when the format has no useful lines)


@dataclass(frozen=True)
class RelationRecord:
    """An authoritative relation: ``source`` (CELEX) -[type]-> ``target`` (CELEX, or a TreatyArticle ref)."""

    type: str  # one of RELATION_TYPES
    source: str
    target: str
    target_label: str = "LegalAct"  # or "TreatyArticle"
    rule: str = ""  # the property read, e.g. "cdm:resource_legal_amended_by_resource_legal"
    line: int = 0


@dataclass(frozen=True)
class TreatyArticleRecord:
    """A Treaty article used as a legal basis: ``ref`` "TFEU Art. 88", with the CELEX it was read from."""

    ref: str
    treaty: str
    article: str
    celex: str | None = None


@dataclass
class NoticeRecords:
    """Everything read from one source unit (a notice, a page, an export, a chunk of the bulk table)."""

    file: str  # file name (never a machine path)
    format: str  # "cellar-rdf", "notice-xml", "eli-rdfa", "search-export", "sparql", "rdata"
    notice_uri: str | None = None  # the notice's subject URI (CELLAR/ELI) where the format has one
    notice_date: str | None = None  # last modification of the notice, where given
    part: str | None = None  # a chunk name, for sources loaded in several parts (the bulk table by year)
    acts: dict[str, ActRecord] = field(default_factory=dict)
    relations: list[RelationRecord] = field(default_factory=list)
    treaty_articles: dict[str, TreatyArticleRecord] = field(default_factory=dict)
    unresolved_links: int = 0  # link targets with no CELEX (OJ-only URIs, proposals ...): not read
    _seen: set[tuple[str, str, str]] = field(default_factory=set, repr=False)

    @property
    def document(self) -> str:
        """The provenance document of every fact of this unit (``source`` of its relationships)."""
        name = f"{SOURCE_PREFIX}:{self.file}"
        return f"{name}#{self.part}" if self.part else name

    def act(self, celex: str, line: int = 0) -> ActRecord:
        """The record of ``celex``, created on first use."""
        rec = self.acts.get(celex)
        if rec is None:
            rec = self.acts[celex] = ActRecord(celex=celex, line=line)
        return rec

    def link(self, type_: str, act: str, target: str | None, *, forward: bool, rule: str, line: int = 0) -> None:
        """A link between ``act`` and another act, ``forward`` when ``act`` is the acting one; a target
        without a CELEX is counted in ``unresolved_links`` and not read."""
        if target is None:
            self.unresolved_links += 1
            return
        self.act(target, line)
        src, dst = (act, target) if forward else (target, act)
        self.relate(type_, src, dst, rule=rule, line=line)

    def relate(self, type_: str, source: str, target: str, *, rule: str, line: int = 0, label: str = "LegalAct") -> None:
        """Record a relation once (the same link often appears under a long and a short CDM name)."""
        if source == target or (type_, source, target) in self._seen:
            return
        self._seen.add((type_, source, target))
        self.relations.append(
            RelationRecord(type=type_, source=source, target=target, target_label=label, rule=rule, line=line)
        )
