"""Fault-table rows of issue 20 (point 1) for `tm qa`: a glossary that cannot be read, a TMX
without targets, a 1 MB segment (in bounded time), an XLIFF with unbalanced codes.

Each row runs the real command in a subprocess through test_faults.check_fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.test_faults import Fault, check_fault
from tests.support import sandbox_env
from tm.memory.tmx import TmxHeader, TmxUnit, write_tmx

XLIFF = """<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="ru" target-language="en" datatype="plaintext"><body>
<trans-unit id="u1"><source>Президент <bpt id="1">&lt;b&gt;</bpt>Токаев сказал.</source><target>President <bpt id="1">&lt;b&gt;</bpt>Tokayev<ept id="1">&lt;/b&gt;</ept> said.</target></trans-unit>
</body></file></xliff>
"""


@pytest.fixture()
def qa_workspace(tmp_path: Path) -> Path:
    w = tmp_path / "w"
    w.mkdir()
    write_tmx(w / "m.tmx", [TmxUnit("Рост 18,3 млрд.", "Growth 18.3 billion.", tuid="t1")], TmxHeader())
    (w / "broken.tbx").write_text("<martif><text>", encoding="utf-8")
    (w / "no-targets.tmx").write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="ru" datatype="plaintext" segtype="sentence" adminlang="en" '
        'creationtool="x" creationtoolversion="1" o-tmf="x"/><body><tu tuid="a"><tuv xml:lang="ru"><seg>Да.</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    big = "Рост составил 18,3 млрд долл. США, " * 30_000  # about 1 MB of one segment
    write_tmx(w / "big.tmx", [TmxUnit(big, big.replace("Рост составил", "Growth was"), tuid="big")], TmxHeader())
    (w / "unbalanced.xlf").write_text(XLIFF, encoding="utf-8")
    return w


FAULTS = [
    Fault(
        "qa: a glossary that cannot be read",
        "tm",
        lambda w: ["qa", str(w / "m.tmx"), "--glossary", str(w / "broken.tbx")],
        3,
        "broken.tbx: not a readable TBX",
        lambda w: [w / "m.tmx", w / "broken.tbx"],
    ),
    Fault(
        "qa: a TMX without targets",
        "tm",
        lambda w: ["qa", str(w / "no-targets.tmx")],
        3,
        "no unit has a target",
        lambda w: [w / "no-targets.tmx"],
    ),
    Fault(
        "qa: a 1 MB segment, in bounded time",
        "tm",
        lambda w: ["qa", str(w / "big.tmx"), "--tsv", str(w / "out.tsv")],
        1,  # the English keeps the Russian words: Cyrillic left
        "1 pairs checked",
        lambda w: [w / "big.tmx"],
        lambda w: (w / "out.tsv").read_text(encoding="utf-8").startswith("id\tcheck"),
        deadline=60,
    ),
    Fault(
        "qa: an XLIFF with unbalanced codes",
        "tm",
        lambda w: ["qa", str(w / "unbalanced.xlf")],
        1,
        "code 1 is unbalanced in the source",
        lambda w: [w / "unbalanced.xlf"],
    ),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_qa(fault: Fault, qa_workspace: Path, tmp_path: Path) -> None:
    check_fault(fault, qa_workspace, sandbox_env(tmp_path / "home"))
