"""The pattern-file loader: the shipped files load; bad files are rejected with file:line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eusec.errors import SchemaError
from eusec.ingest.patterns import PATTERN_DIR, load_pattern_dir, load_pattern_file, load_patterns


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_patterns_load() -> None:
    ps = load_patterns()
    assert {"legal_act.citation", "council_doc.number", "commission_doc.reference", "relation.verbs"} <= set(ps.regexes)
    assert {"WorkingParty", "Agency", "InformationSystem"} <= set(ps.gazetteers)
    assert ps.founding_acts and ps.presidency_rotation and ps.presidency_countries
    # every regex id names its source file:line
    assert all(":" in r.source and r.source.split(":")[-1].isdigit() for r in ps.regexes.values())


def test_succession_targets_exist() -> None:
    ps = load_patterns()
    for label, entries in ps.gazetteers.items():
        keys = {e["key"] for e in entries}
        for e in entries:
            if e.get("succeeded_by"):
                assert e["succeeded_by"] in keys, e["_source"]


def test_unknown_key_in_entry_is_rejected_with_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "wp.yaml",
        "version: 1\nkind: gazetteer\nlabel: WorkingParty\nentries:\n  - key: TWP\n    name: Terrorism Working Party\n"
        "  - key: LEWP\n    name: Law Enforcement Working Party\n    aliase: [LEWP]\n",
    )
    with pytest.raises(SchemaError) as exc:
        load_pattern_file(path)
    assert "wp.yaml:7" in exc.value.message and "aliase" in exc.value.message


def test_unknown_top_level_key_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.yaml", "version: 1\nkind: regex\npaterns: []\npatterns: []\n")
    with pytest.raises(SchemaError) as exc:
        load_pattern_file(path)
    assert "x.yaml:1" in exc.value.message and "paterns" in exc.value.message


def test_bad_regex_is_rejected_with_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "r.yaml",
        "version: 1\nkind: regex\npatterns:\n  - id: ok\n    label: LegalAct\n    pattern: 'a+'\n"
        "  - id: broken\n    label: LegalAct\n    pattern: '(unclosed'\n",
    )
    with pytest.raises(SchemaError) as exc:
        load_pattern_file(path)
    assert "r.yaml:7" in exc.value.message and "broken" in exc.value.message


def test_unknown_flag_and_label_and_kind(tmp_path: Path) -> None:
    bad_flag = _write(tmp_path, "f.yaml", "kind: regex\npatterns:\n  - {id: a, label: LegalAct, pattern: a, flags: [IGNORE]}\n")
    with pytest.raises(SchemaError, match=r"f\.yaml:3.*IGNORE"):
        load_pattern_file(bad_flag)
    bad_label = _write(tmp_path, "l.yaml", "kind: regex\npatterns:\n  - {id: a, label: Act, pattern: a}\n")
    with pytest.raises(SchemaError, match=r"l\.yaml:3.*Act"):
        load_pattern_file(bad_label)
    bad_kind = _write(tmp_path, "k.yaml", "kind: regexes\npatterns: []\n")
    with pytest.raises(SchemaError, match=r"k\.yaml:1.*regexes"):
        load_pattern_file(bad_kind)


def test_missing_key_wrong_type_duplicate(tmp_path: Path) -> None:
    missing = _write(tmp_path, "m.yaml", "kind: gazetteer\nlabel: Agency\nentries:\n  - {key: Europol}\n")
    with pytest.raises(SchemaError, match=r"m\.yaml:4.*name"):
        load_pattern_file(missing)
    wrong = _write(tmp_path, "w.yaml", "kind: gazetteer\nlabel: Agency\nentries:\n  - {key: Europol, name: Europol, aliases: Europol}\n")
    with pytest.raises(SchemaError, match=r"w\.yaml:4.*aliases"):
        load_pattern_file(wrong)
    dup = _write(tmp_path, "d.yaml", "kind: gazetteer\nlabel: Agency\nentries:\n  - {key: A, name: A}\n  - {key: A, name: B}\n")
    with pytest.raises(SchemaError, match=r"d\.yaml:5.*duplicate"):
        load_pattern_file(dup)
    celex = _write(tmp_path, "c.yaml", "kind: founding_acts\nentries:\n  - {celex: 2016/794, label: Agency, key: Europol}\n")
    with pytest.raises(SchemaError, match=r"c\.yaml:3.*CELEX"):
        load_pattern_file(celex)


def test_named_acts_file_is_checked(tmp_path: Path) -> None:
    """The reviewed named-acts gazetteer: CELEX numbers, ISO dates, a comment, names that end with the act
    type (others go to names_cs), no unknown keys."""
    head = "kind: named_acts\nentries:\n"
    ok = "  - {id: x, celex: [32016R0794], adopted: 2016-05-11, names: [Europol Regulation], comment: why}\n"
    assert load_pattern_file(_write(tmp_path, "ok.yaml", head + ok)).items[0]["adopted"] == "2016-05-11"
    cases = {
        "celex": (ok.replace("32016R0794", "2016/794"), r"CELEX"),
        "date": (ok.replace("2016-05-11", "11 May 2016"), r"ISO date"),
        "comment": (ok.replace(", comment: why", ""), r"missing required key.*comment"),
        "ending": (ok.replace("Europol Regulation", "Europol Act"), r"names_cs"),
        "unknown": (ok.replace("names:", "aliases:"), r"unknown key.*aliases"),
    }
    for name, (entry, message) in cases.items():
        with pytest.raises(SchemaError, match=rf"{name}\.yaml:3.*{message}"):
            load_pattern_file(_write(tmp_path, f"{name}.yaml", head + entry))


def test_invalid_yaml_names_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "y.yaml", "kind: regex\npatterns:\n  - id: a\n   label: [\n")
    with pytest.raises(SchemaError, match=r"y\.yaml:\d+"):
        load_pattern_file(path)


def test_jsonl_files(tmp_path: Path) -> None:
    good = tmp_path / "g.jsonl"
    good.write_text(
        json.dumps({"kind": "gazetteer", "label": "Agency", "version": 1}) + "\n"
        + json.dumps({"key": "Europol", "name": "Europol", "aliases": ["EC3"]}) + "\n\n"
        + json.dumps({"key": "Eurojust", "name": "Eurojust"}) + "\n",
        encoding="utf-8",
    )
    pf = load_pattern_file(good)
    assert [e["key"] for e in pf.items] == ["Europol", "Eurojust"]
    assert pf.items[1]["_source"].endswith("g.jsonl:4")
    bad = tmp_path / "b.jsonl"
    bad.write_text(
        json.dumps({"kind": "gazetteer", "label": "Agency"}) + "\n" + json.dumps({"key": "X", "name": "X", "alias": []}) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemaError, match=r"b\.jsonl:2.*alias"):
        load_pattern_file(bad)


def test_duplicate_regex_id_across_files(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "kind: regex\npatterns:\n  - {id: same, label: LegalAct, pattern: a}\n")
    _write(tmp_path, "b.yaml", "kind: regex\npatterns:\n  - {id: same, label: LegalAct, pattern: b}\n")
    with pytest.raises(SchemaError, match=r"b\.yaml:3.*same"):
        load_pattern_dir(tmp_path)


def test_shipped_dir_is_the_package_folder() -> None:
    assert PATTERN_DIR.is_dir() and (PATTERN_DIR / "citations.yaml").exists()
