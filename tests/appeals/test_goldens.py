"""Golden letters: the TXT, Markdown and HTML exports of fixed appeals, byte for byte.

The cases (tests/goldens/cases/*.json, answers as the database stores them) are the five
domain situations and the admin's sample appeal for every shipped cause. They were
written before the library moved to its own app, so a refactor that changes a single
byte of any letter fails here. After a deliberate change to letters, regenerate with
``UPDATE_GOLDENS=1 pytest tests/appeals/test_goldens.py`` and review the diff.
"""

import json
import os
from datetime import date
from pathlib import Path

import pytest

from library import exports, letters
from library.answers import Answers
from library.readmodel import Library
from tests.appeals.conftest import load_library

GOLDENS = Path(__file__).resolve().parents[1] / "goldens"
CASES = sorted(p.stem for p in (GOLDENS / "cases").glob("*.json"))
TODAY = date(2026, 11, 22)
SEED = 7
FORMATS = {
    "txt": exports.to_text,
    "md": exports.to_markdown,
    "html": exports.to_html,
}


def test_there_are_cases_for_every_situation_and_shipped_cause():
    assert len(CASES) >= 5 + len(load_library()["causes"])


@pytest.mark.parametrize("shape", ["classic", "amazon_form"])
@pytest.mark.parametrize("case", CASES)
def test_exports_are_byte_identical_to_the_goldens(case, shape):
    data = json.loads((GOLDENS / "cases" / f"{case}.json").read_text("utf-8"))
    letter = letters.assemble(
        Answers.from_dict(data),
        Library.from_data(load_library()),
        shape=shape,
        today=TODAY,
        seed=SEED,
        library_version=1,
    )
    for ext, render in FORMATS.items():
        path = GOLDENS / f"{case}.{shape}.{ext}"
        output = render(letter).encode("utf-8")
        if os.environ.get("UPDATE_GOLDENS"):
            path.write_bytes(output)
        assert path.read_bytes() == output, path.name
