"""The committed sample reports are exactly what fixtures/reports/make_fixtures.py
writes, so anyone can regenerate them and the tests read real, reviewed bytes."""

import importlib.util
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "reports"


def test_committed_fixtures_match_the_generator(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "make_fixtures", FIXTURES / "make_fixtures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert len(generated) == 17
    for name in generated:
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_the_legacy_fixtures_are_not_utf8():
    for name in (
        "all_orders_cp1252.txt",
        "all_orders_cp932.txt",
        "all_orders_gb18030.txt",
    ):
        data = (FIXTURES / name).read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        raise AssertionError(f"{name} decodes as UTF-8")
