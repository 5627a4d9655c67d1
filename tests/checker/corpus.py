"""The checker corpus (tests/checker/corpus/*.txt): letters and buyer messages written
for the purpose, each with the categories it must raise. Shared by the corpus test and
bench/checker.py."""

from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


@dataclass(frozen=True)
class Sample:
    name: str
    shape: str  # classic | form | message
    expect: frozenset[str]
    text: str


def read_sample(path: Path) -> Sample:
    raw = path.read_text("utf-8")
    header, _, text = raw.partition("\n---\n")
    fields = dict(line.split(":", 1) for line in header.splitlines() if ":" in line)
    expect = fields.get("expect", "").strip()
    categories = frozenset(
        c.strip() for c in expect.split(",") if c.strip() and c.strip() != "none"
    )
    return Sample(path.stem, fields["shape"].strip(), categories, text)


def samples() -> list[Sample]:
    return [read_sample(p) for p in sorted(CORPUS.glob("*.txt"))]
