"""Dependencies go one way, appeals -> metrics -> library -> accounts: nothing in
metrics imports appeals (an appeal is started from figures by appeals itself)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
METRICS = ROOT / "metrics"


def _imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved to absolute names."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_no_metrics_module_imports_appeals():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] == "appeals"
        )
        for path in sorted(METRICS.rglob("*.py"))
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_import_walk_sees_relative_and_nested_imports():
    # The walk above would miss nothing: a relative import resolves to its package.
    assert "metrics.rates" in _imported_modules(METRICS / "handoff.py")
    assert "metrics.models" in _imported_modules(METRICS / "selectors" / "kit.py")


def test_every_metrics_module_imports_without_appeals_installed():
    """Django set up without the appeals app, then every metrics module imported
    (views, forms, admin, commands, migrations): no appeals module gets loaded."""
    code = """
import importlib, pkgutil, sys
import django
from django.conf import settings
import config.settings as base
values = {k: getattr(base, k) for k in dir(base) if k.isupper()}
values["INSTALLED_APPS"] = [a for a in base.INSTALLED_APPS if a != "appeals"]
settings.configure(**values)
django.setup()
import metrics
names = [i.name for i in pkgutil.walk_packages(metrics.__path__, "metrics.")]
for name in names:
    importlib.import_module(name)
assert "metrics.views" in names and "metrics.selectors.kit" in names, names
print(sorted(m for m in sys.modules if m.split(".")[0] == "appeals"))
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
