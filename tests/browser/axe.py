"""Run axe-core (bundled with axe-playwright-python, works offline) on a Playwright page."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_no_violations(page, context: str = "") -> None:
    """Fail with a readable list when axe finds any violation on the current page."""
    results = _axe.run(page)
    violations = results.response.get("violations", [])
    if violations:
        lines = [f"axe: {len(violations)} violation(s) on {page.url} {context}"]
        for v in violations:
            targets = [", ".join(n.get("target", [])) for n in v.get("nodes", [])][:5]
            lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} -> {targets}")
        raise AssertionError("\n".join(lines))
