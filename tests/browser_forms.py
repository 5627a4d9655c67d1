"""What a browser would send for a form on a rendered page, without a browser.

``form_data(html, action=...)`` finds the form and returns the (name, value) pairs a
browser submits when the user changes nothing, following the HTML standard's value
sanitization: an ``<input type="date">`` whose value is not a valid ISO date string is
shown empty and submitted empty (the bug this guards against), a number input with an
invalid number likewise, text inputs lose line breaks, e-mail inputs are trimmed, and a
textarea's line breaks go out as CRLF. Unchecked boxes and radios send nothing, a
single select with nothing selected sends its first option, file inputs and buttons
send nothing unless named as the submitter.
"""

import datetime
import re

from lxml import html as lxml_html

_ISO_DATE = re.compile(r"^(\d{4,})-(\d{2})-(\d{2})$")
_FLOAT = re.compile(r"^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$")
_SKIPPED = {"submit", "button", "image", "reset", "file"}


def valid_date_string(value: str) -> bool:
    match = _ISO_DATE.match(value)
    if not match:
        return False
    try:
        datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return False
    return True


def _input_value(element) -> str | None:
    kind = (element.get("type") or "text").lower()
    value = element.get("value") or ""
    if kind in ("checkbox", "radio"):
        return (
            (element.get("value") or "on")
            if element.get("checked") is not None
            else None
        )
    if kind == "date":
        return value if valid_date_string(value) else ""
    if kind == "number":
        return value if _FLOAT.match(value) else ""
    if kind in ("email", "url"):
        return value.replace("\r", "").replace("\n", "").strip()
    if kind in ("text", "search", "tel", "password"):
        return value.replace("\r", "").replace("\n", "")
    return value


def _textarea_value(element) -> str:
    text = element.text or ""
    # The HTML parser drops one newline right after <textarea>; Django writes one.
    if text.startswith("\r\n"):
        text = text[2:]
    elif text.startswith("\n"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _select_values(element) -> list[str]:
    options = [o for o in element.iter("option") if o.get("disabled") is None]
    chosen = [o for o in options if o.get("selected") is not None]
    if not chosen and element.get("multiple") is None and options:
        chosen = options[:1]
    return [
        o.get("value") if o.get("value") is not None else (o.text or "") for o in chosen
    ]


def find_form(content, *, action: str | None = None, form_id: str | None = None):
    """The form posting to ``action`` (or with ``id``); exactly one must match."""
    doc = lxml_html.fromstring(
        content if isinstance(content, str) else content.decode()
    )
    found = [
        f
        for f in doc.forms
        if (action is None or (f.get("action") or "") == action)
        and (form_id is None or f.get("id") == form_id)
    ]
    assert len(found) == 1, (
        f"{len(found)} forms match action={action!r} id={form_id!r}: "
        f"{[f.get('action') for f in doc.forms]}"
    )
    return found[0]


def form_data(
    content, *, action: str | None = None, form_id: str | None = None, submitter=None
) -> list[tuple[str, str]]:
    """The pairs a browser posts for the form, with ``submitter`` (name, value) if given."""
    form = find_form(content, action=action, form_id=form_id)
    elements = list(form.iter("input", "select", "textarea"))
    if form.get("id"):
        owner = form.get("id")
        elements += [
            e
            for e in form.getroottree().iter("input", "select", "textarea")
            if e.get("form") == owner and e not in elements
        ]
    pairs: list[tuple[str, str]] = []
    for element in elements:
        name = element.get("name")
        if not name or element.get("disabled") is not None:
            continue
        if element.tag == "input":
            if (element.get("type") or "text").lower() in _SKIPPED:
                continue
            value = _input_value(element)
            if value is not None:
                pairs.append((name, value))
        elif element.tag == "textarea":
            pairs.append((name, _textarea_value(element)))
        else:
            pairs.extend((name, v) for v in _select_values(element))
    if submitter:
        pairs.append(submitter)
    return pairs


def as_post(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Pairs as the dict of lists Django's test client posts (order kept per name)."""
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def replace(pairs: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The pairs with fields the user types into set (added when absent)."""
    out = [(n, values[n] if n in values else v) for n, v in pairs]
    names = {n for n, _ in pairs}
    out += [(n, v) for n, v in values.items() if n not in names]
    return out


def page_errors(content) -> list[str]:
    """The error messages a page shows (Django's and the admin's error lists)."""
    doc = lxml_html.fromstring(
        content if isinstance(content, str) else content.decode()
    )
    found = doc.xpath(
        "//*[contains(@class,'errorlist') or contains(@class,'errornote')"
        " or contains(@class,'invalid-feedback')]"
    )
    out = []
    for element in found:
        field = element.getparent().xpath(".//*[@name]/@name")
        out.append(f"{field[:1]} {element.text_content().strip()}")
    return out
