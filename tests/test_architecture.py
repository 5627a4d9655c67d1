"""The map holds: import contracts, and docs/architecture.md naming every module.

- ``lint-imports`` keeps every contract of ``pyproject.toml`` (``make test`` runs it
  too), and breaks when a pure module imports Django: shown with a scratch module.
- Every module of ours is classified for the pure-layer contract: either pure (a
  source of the contract) or Django-side (forbidden to pure modules), never neither.
- docs/architecture.md gives every Python file outside tests and migrations exactly
  one part.
"""

import fnmatch
import re
import subprocess
import sys
import tomllib
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("accounts", "library", "appeals", "metrics", "config")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contracts() -> dict[str, dict]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return {c["id"]: c for c in data["tool"]["importlinter"]["contracts"]}


def _lint_imports() -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _modules() -> list[str]:
    """Every module of ours outside tests and migrations, dotted."""
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if "migrations" in rel.parts:
                continue
            parts = list(rel.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found.append(".".join(parts))
    return found


def _within(module: str, names) -> bool:
    return any(module == n or module.startswith(n + ".") for n in names)


def test_every_import_contract_is_kept():
    done = _lint_imports()
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "BROKEN" not in done.stdout
    assert len(re.findall(r" KEPT\b", done.stdout)) == len(_contracts())


def test_a_pure_module_importing_django_breaks_the_build():
    scratch = ROOT / "library" / "concepts" / f"_scratch_{uuid.uuid4().hex[:8]}.py"
    scratch.write_text(
        '"""Scratch: a pure module must not do this."""\n\n'
        "from django.conf import settings  # noqa: F401\n",
        encoding="utf-8",
    )
    try:
        done = _lint_imports()
    finally:
        scratch.unlink()
    assert done.returncode != 0
    assert "BROKEN" in done.stdout
    assert "library.concepts is not allowed to import django" in done.stdout
    assert f"library.concepts.{scratch.stem} -> django" in done.stdout


def test_every_module_is_pure_or_django_side_never_neither():
    pure = _contracts()["pure-layer"]
    sources, forbidden = pure["source_modules"], pure["forbidden_modules"]
    roots = set(APPS)
    unclassified = [
        m
        for m in _modules()
        if m not in roots and not (_within(m, sources) or _within(m, forbidden))
    ]
    both = [m for m in _modules() if _within(m, sources) and _within(m, forbidden)]
    assert unclassified == [], "add these to the pure-layer contract's lists"
    assert both == []


def _architecture_parts() -> list[tuple[str, str]]:
    """(glob, part) rows of the module table in docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    text = text.split("## Every Python file and its part", 1)[1]
    return re.findall(r"^\| `([^`]+)` \| ([^|]+?) \|", text, flags=re.MULTILINE)


def test_architecture_names_every_python_file_exactly_once():
    rows = _architecture_parts()
    assert len(rows) >= 20
    files = [
        p.relative_to(ROOT).as_posix()
        for app in APPS
        for p in (ROOT / app).rglob("*.py")
        if "migrations" not in p.parts
    ]
    problems = []
    for path in sorted(files):
        matches = [part for glob, part in rows if fnmatch.fnmatch(path, glob)]
        if len(matches) != 1:
            problems.append((path, matches))
    assert problems == []
    unused = [
        glob for glob, _ in rows if not any(fnmatch.fnmatch(f, glob) for f in files)
    ]
    assert unused == [], "rows in docs/architecture.md that match no file"


def test_no_function_over_50_lines_without_a_comment_saying_why():
    """Long functions carry an "Over 50 lines on purpose:" comment just above them."""
    import ast

    long = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            source = path.read_text("utf-8")
            lines = source.splitlines()
            for node in ast.walk(ast.parse(source)):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if node.end_lineno - node.lineno + 1 <= 50:
                    continue
                above = "\n".join(lines[max(0, first - 4) : first - 1])
                if "Over 50 lines on purpose:" not in above:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert long == []
