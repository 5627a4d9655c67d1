"""The library file format ``reinstate-library/1``: validate and normalise. Pure: no Django.

``docs/library.schema.json`` (JSON Schema, draft 2020-12) defines the format. This module
loads it once, adds the enums whose single source is elsewhere (cause metrics, letter
shapes), validates with jsonschema, and then checks in Python what a schema cannot say:
slugs unique within their parent, a phrase's cause naming a cause of the file, letter
text using only the documented placeholders (fact text also the file's slots) and no
links, and a root cause's variants naming the same slots as its explanation. ``normalize`` then returns the
canonical form that import, export, publish (checksum) and letters all use.
"""

import json
from collections.abc import Iterator
from pathlib import Path

from jsonschema import Draft202012Validator, ValidationError

from . import placeholders
from .concepts.metric import CAUSE_METRIC_CODES
from .concepts.route import ROUTES
from .concepts.shape import SHAPES

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "library.schema.json"


def _load_schema() -> dict:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    defs = schema["$defs"]
    defs["cause"]["properties"]["metric"]["enum"] = list(CAUSE_METRIC_CODES)
    defs["cause"]["properties"]["route"]["enum"] = list(ROUTES)
    # A curator may word a shape but not invent one: no appeal could select it.
    defs["shape"]["properties"]["slug"]["enum"] = list(SHAPES)
    Draft202012Validator.check_schema(schema)
    return schema


def _inlined(node, defs: dict):
    """``node`` with every ``$ref`` replaced by the definition it names (its sibling
    keywords kept beside it in an ``allOf``). Same meaning; jsonschema validates it about
    twice as fast because it no longer looks each reference up on every use."""
    if isinstance(node, list):
        return [_inlined(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _inlined(sub, defs) for key, sub in node.items() if key != "$defs"}
    ref = node.pop("$ref", None)
    if ref is None:
        return node
    target = _inlined(defs[ref.removeprefix("#/$defs/")], defs)
    return {"allOf": [target], **node} if node else target


SCHEMA = _load_schema()
VALIDATOR = Draft202012Validator(_inlined(SCHEMA, SCHEMA["$defs"]))
FORMAT = SCHEMA["properties"]["format"]["const"]

#: what a value of the wrong type must be instead, by the schema's "type"
TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "an object",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "null",
}

#: a problem: where it is (to sort and to keep one per place) and what to show
Problem = tuple[tuple, str]


class LibraryFormatError(ValueError):
    """The library data is not valid; ``errors`` lists every problem with its path."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors[:10]))


def normalize(data: dict) -> dict:
    """Validate library data and return it in canonical form, or raise LibraryFormatError.

    Every problem is collected (with a path such as ``causes[2].root_causes[0]``) before
    raising, so one upload lists all of them; nothing in ``data`` can make it crash.
    """
    problems = schema_problems(data)
    problems += duplicate_slugs(data) + unknown_phrase_causes(data)
    problems += unknown_documents(data)
    problems += letter_text_problems(data) + slot_problems(data)
    if problems:
        raise LibraryFormatError(
            [message for _, message in sorted(problems, key=_order)]
        )
    return _canonical(data)


# ------------------------------------------------------------------ the schema


def schema_problems(data) -> list[Problem]:
    """Every schema violation as a readable message, the most basic one per place.

    Raises at once, with that single message, when ``data`` is not a library file at all.
    """
    best: dict[tuple, tuple[int, set[str]]] = {}
    for error in VALIDATOR.iter_errors(data):
        if _not_a_library(error):
            raise LibraryFormatError(
                [f'not a library file: "format" must be "{FORMAT}"']
            )
        for place, rank, message in _explain(error):
            kept_rank, messages = best.get(place, (rank, set()))
            if rank < kept_rank:
                messages = set()
            if rank <= kept_rank:
                best[place] = (rank, messages | {message})
    return [(place, m) for place, (_, messages) in best.items() for m in messages]


def _not_a_library(error: ValidationError) -> bool:
    """Not an object, or no "format" naming this one: nothing else is worth listing."""
    path = tuple(error.absolute_path)
    if path[:1] == ("format",):
        return True
    return path == () and error.validator in ("type", "required")


def _explain(error: ValidationError) -> list[tuple[tuple, int, str]]:
    """(place, rank, message) for one error; a lower rank is more basic (type first)."""
    path = tuple(error.absolute_path)
    if error.validator == "required":
        missing = [p for p in error.validator_value if p not in error.instance]
        return [_describe((*path, p), "required", None, error) for p in missing]
    if error.validator == "additionalProperties":
        known = _schema_at(path).get("properties", {})
        unknown = sorted(set(error.instance) - set(known), key=str)
        extra = ", ".join(repr(key) for key in unknown)
        message = f"{where(path)}: unknown field(s) {extra}"
        if path[:1] == ("causes",) and len(path) == 2 and "evidence" in unknown:
            # Files written before the document catalogue (see docs/decisions.md).
            message += (
                " ('evidence' lines became the file's 'documents' catalogue: list "
                "their slugs in the cause's 'documents')"
            )
        return [(path, 4, message)]
    return [_describe(path, error.validator, error.instance, error)]


def _describe(path: tuple, keyword: str, value, error: ValidationError):
    """(place, rank, message) for the value at ``path`` failing ``keyword``. The wording
    is the one curators knew before the schema, e.g. for a missing slug."""
    field = _schema_at(path)
    here, parent, name = where(path), where(path[:-1]), path[-1]
    is_slug = "slug" in field["_refs"]
    if keyword == "type":
        types = error.validator_value
        types = types if isinstance(types, list) else [types]
        words = " or ".join(TYPE_WORDS.get(t, t) for t in types)
        return path, 0, f"{here}: must be {words}"
    if is_slug and keyword in ("required", "minLength"):
        return path, 1, f"{parent}: missing or duplicate {name} ''"
    if "enum" in field and keyword in ("required", "enum"):
        return path, 1 if value is None else 3, _choice(parent, name, value, field)
    if is_slug and keyword in ("pattern", "maxLength"):
        return (
            path,
            2,
            f"{parent}: {name} {value!r} must be at most {field['maxLength']} "
            "letters, digits, hyphens or underscores",
        )
    if keyword in ("required", "minLength", "pattern"):
        return path, 1, f"{here}: must not be empty"
    if keyword == "maxLength":
        return path, 2, f"{here}: longer than {field['maxLength']} characters"
    if keyword in ("minimum", "maximum"):
        low, high = field["minimum"], field["maximum"]
        return path, 2, f"{here}: must be between {low} and {high}"
    return path, 5, f"{here}: {error.message}"


def _choice(parent: str, name: str, value, field: dict) -> str:
    """Two or three allowed values are spelled out; a longer list (documented in the
    schema) is left out and the wrong value named instead."""
    *others, last = field["enum"]
    if len(others) < 3:
        either = f"{', '.join(others)} or {last}" if others else last
        return f"{parent}: {name} must be {either}"
    return f"{parent}: unknown {name} {value!r}"


def _resolve(node: dict) -> dict:
    """A schema node with its ``$ref`` chain merged in (the referring node's keywords win);
    ``_refs`` lists the definitions passed through (``letterText``, ``slug``...)."""
    merged: dict = {}
    names: list[str] = []
    while True:
        merged = {**node, **merged}
        ref = node.get("$ref")
        if not ref:
            break
        name = ref.removeprefix("#/$defs/")
        names.append(name)
        node = SCHEMA["$defs"][name]
    merged.pop("$ref", None)
    merged["_refs"] = names
    return merged


def _child(node: dict, part) -> dict:
    """The resolved schema of item ``part`` (an index) or property ``part`` of ``node``."""
    if isinstance(part, int):
        sub = node.get("items")
    else:
        sub = node.get("properties", {}).get(part)
    return _resolve(sub if isinstance(sub, dict) else {})


def _schema_at(path: tuple) -> dict:
    """The resolved schema of the value at ``path`` (empty where the schema has none)."""
    node = _resolve(SCHEMA)
    for part in path:
        node = _child(node, part)
    return node


def _walk(value, node: dict, path: tuple = ()) -> Iterator[tuple[tuple, object, dict]]:
    """(path, value, resolved schema) for ``value`` and everything in it the schema
    describes; parts of the wrong type are not entered."""
    yield path, value, node
    if isinstance(value, dict):
        for key in node.get("properties", {}):
            if key in value:
                yield from _walk(value[key], _child(node, key), (*path, key))
    elif isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            yield from _walk(item, _child(node, i), (*path, i))


def where(path: tuple) -> str:
    """``causes[3].root_causes[0].slug`` for ("causes", 3, "root_causes", 0, "slug")."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "top level"


def _order(problem: Problem):
    place, message = problem
    return [
        (0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in place
    ], message


# ------------------------------------------------- what the schema cannot say


def _objects(items) -> Iterator[tuple[int, dict]]:
    """(index, item) for the objects of a list; anything else the schema reports."""
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield i, item


def _unique(path: tuple, items, key: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for i, item in _objects(items):
        value = item.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            message = f"{where((*path, i))}: missing or duplicate {key} {value!r}"
            problems.append(((*path, i, key), message))
        seen.add(value)
    return problems


def duplicate_slugs(data: dict) -> list[Problem]:
    """Causes, phrases and shapes are unique in the file; a root cause within its
    cause; an action within its root cause."""
    problems = _unique(("causes",), data.get("causes"), "slug")
    for i, cause in _objects(data.get("causes")):
        path = ("causes", i, "root_causes")
        problems += _unique(path, cause.get("root_causes"), "slug")
        for j, root_cause in _objects(cause.get("root_causes")):
            actions = root_cause.get("actions")
            problems += _unique((*path, j, "actions"), actions, "slug")
    problems += _unique(("phrases",), data.get("phrases"), "key")
    problems += _unique(("documents",), data.get("documents"), "slug")
    problems += _unique(("shapes",), data.get("shapes"), "slug")
    return problems


def unknown_phrase_causes(data: dict) -> list[Problem]:
    """A phrase's cause, when given, is the slug of a cause in the same file."""
    causes = {
        c.get("slug")
        for _, c in _objects(data.get("causes"))
        if isinstance(c.get("slug"), str)
    }
    return [
        (("phrases", i, "cause"), f"phrases[{i}]: unknown cause {p['cause']!r}")
        for i, p in _objects(data.get("phrases"))
        if isinstance(p.get("cause"), str) and p["cause"] not in causes
    ]


def slot_names(data: dict) -> frozenset[str]:
    """The names of the file's fact slots (well-formed or not: the schema says which)."""
    return frozenset(
        s["name"]
        for _, s in _objects(data.get("slots"))
        if isinstance(s.get("name"), str)
    )


def unknown_documents(data: dict) -> list[Problem]:
    """A cause's documents, and an action's, are slugs of the file's catalogue."""
    known = {
        d.get("slug")
        for _, d in _objects(data.get("documents"))
        if isinstance(d.get("slug"), str)
    }
    problems = []
    for i, cause in _objects(data.get("causes")):
        places = [(("causes", i), cause)]
        for j, rc in _objects(cause.get("root_causes")):
            for k, action in _objects(rc.get("actions")):
                places.append((("causes", i, "root_causes", j, "actions", k), action))
        for path, item in places:
            documents = item.get("documents")
            for n, slug in enumerate(documents if isinstance(documents, list) else []):
                if isinstance(slug, str) and slug not in known:
                    where_ = (*path, "documents", n)
                    message = f"{where(where_)}: unknown document {slug!r}"
                    problems.append((where_, message))
    return problems


def letter_text_problems(data: dict) -> list[Problem]:
    """Text the schema marks as letter text uses only the documented placeholders (fact
    text: also the file's slots) and holds no link or image. A field's problem is shown
    at its object, as before."""
    problems = []
    slots = slot_names(data)
    for path, value, node in _walk(data, _resolve(SCHEMA)):
        if "letterText" not in node["_refs"] or not isinstance(value, str):
            continue
        shown = where(path[:-1] if isinstance(path[-1], str) else path)
        allowed = slots if "factText" in node["_refs"] else frozenset()
        unknown = placeholders.unknown_in(value, allowed)
        if unknown:
            message = f"{shown}: unknown placeholder(s) {', '.join(unknown)}"
            problems.append((path, message))
        if placeholders.has_link_or_image(value):
            problems.append((path, f"{shown}: links and images are not allowed"))
    return problems


def slot_problems(data: dict) -> list[Problem]:
    """Slot names are unique and not a placeholder's; a root cause's variants name the
    same slots as its explanation (the seller fills one set of fields, whichever wording
    the letter uses)."""
    problems = _unique(("slots",), data.get("slots"), "name")
    for i, slot in _objects(data.get("slots")):
        if slot.get("name") in placeholders.NAMES:
            message = f"slots[{i}]: {slot['name']!r} is a placeholder's name"
            problems.append((("slots", i, "name"), message))
    slots = slot_names(data)
    for i, cause in _objects(data.get("causes")):
        for j, rc in _objects(cause.get("root_causes")):
            if not isinstance(rc.get("explanation"), str):
                continue
            wanted = set(placeholders.slots_in(rc["explanation"], slots))
            variants = (
                rc.get("variants") if isinstance(rc.get("variants"), list) else []
            )
            for k, variant in enumerate(variants):
                if not isinstance(variant, str):
                    continue
                if set(placeholders.slots_in(variant, slots)) != wanted:
                    path = ("causes", i, "root_causes", j, "variants", k)
                    message = (
                        f"{where(path)}: names the slots "
                        f"{sorted(placeholders.slots_in(variant, slots)) or 'none'}, "
                        f"its explanation {sorted(wanted) or 'none'}"
                    )
                    problems.append((path, message))
    return problems


# ------------------------------------------------------------- canonical form


def _defaults(node: dict) -> dict:
    properties = node.get("properties", {})
    resolved = {key: _resolve(sub) for key, sub in properties.items()}
    return {key: sub["default"] for key, sub in resolved.items() if "default" in sub}


#: the schema's default for each property, by definition ("library": the top level)
DEFAULTS = {
    "library": _defaults(SCHEMA),
    **{name: _defaults(node) for name, node in SCHEMA["$defs"].items()},
}


def _filled(definition: str, obj: dict) -> dict:
    """``obj`` with the schema's default for every property it leaves out."""
    return {**DEFAULTS[definition], **obj}


def _nonblank(texts: list[str]) -> list[str]:
    return [t.strip() for t in texts if t.strip()]


def _by_position(items: list[dict], key: str) -> list[dict]:
    return sorted(items, key=lambda d: (d["position"], d[key]))


def _canonical(data: dict) -> dict:
    data = _filled("library", data)
    phrases = [_phrase(p) for p in data["phrases"]]
    canonical = {
        "format": FORMAT,
        "slots": _by_position([_slot(s) for s in data["slots"]], "name"),
        "documents": _by_position([_document(d) for d in data["documents"]], "slug"),
        "causes": _by_position([_cause(c) for c in data["causes"]], "slug"),
        "phrases": sorted(
            phrases, key=lambda d: (d["section"], d["position"], d["key"])
        ),
        "shapes": _by_position([_shape(s) for s in data["shapes"]], "slug"),
    }
    # An action's documents in catalogue order (the order the admin shows them).
    order = {d["slug"]: n for n, d in enumerate(canonical["documents"])}
    for cause in canonical["causes"]:
        for rc in cause["root_causes"]:
            for action in rc["actions"]:
                action["documents"].sort(key=lambda slug: order.get(slug, len(order)))
    return canonical


def _slot(s: dict) -> dict:
    s = _filled("slot", s)
    return {
        "name": s["name"],
        "label": s["label"].strip(),
        "label_zh": s["label_zh"].strip(),
        "hint": s["hint"].strip(),
        "hint_zh": s["hint_zh"].strip(),
        "example": s["example"].strip(),
        "position": int(s["position"]),
    }


def _document(d: dict) -> dict:
    d = _filled("document", d)
    return {
        "slug": d["slug"],
        "name": d["name"].strip(),
        "name_zh": d["name_zh"].strip(),
        "acceptable": d["acceptable"].strip(),
        "acceptable_zh": d["acceptable_zh"].strip(),
        "max_age_days": d["max_age_days"],
        "counts_units": d["counts_units"],
        "position": int(d["position"]),
    }


def _once(slugs: list[str]) -> list[str]:
    """Slugs in order, each once."""
    return list(dict.fromkeys(slugs))


def _cause(c: dict) -> dict:
    c = _filled("cause", c)
    return {
        "slug": c["slug"],
        "name": c["name"].strip(),
        "name_zh": c["name_zh"].strip(),
        "metric": c["metric"],
        "route": c["route"],
        "guidance": c["guidance"].strip(),
        "guidance_zh": c["guidance_zh"].strip(),
        "documents": _once(c["documents"]),
        "position": int(c["position"]),
        "is_active": c["is_active"],
        "root_causes": _by_position([_root_cause(r) for r in c["root_causes"]], "slug"),
    }


def _root_cause(rc: dict) -> dict:
    rc = _filled("rootCause", rc)
    return {
        "slug": rc["slug"],
        "title": rc["title"].strip(),
        "title_zh": rc["title_zh"].strip(),
        "explanation": rc["explanation"].strip(),
        "explanation_zh": rc["explanation_zh"].strip(),
        "variants": _nonblank(rc["variants"]),
        "position": int(rc["position"]),
        "is_active": rc["is_active"],
        "actions": _by_position([_action(a) for a in rc["actions"]], "slug"),
    }


def _action(a: dict) -> dict:
    a = _filled("action", a)
    return {
        "slug": a["slug"],
        "kind": a["kind"],
        "text": a["text"].strip(),
        "text_zh": a["text_zh"].strip(),
        "documents": _once(a["documents"]),
        "timeframe": a["timeframe"].strip(),
        "position": int(a["position"]),
        "is_active": a["is_active"],
    }


def _phrase(p: dict) -> dict:
    p = _filled("phrase", p)
    return {
        "key": p["key"],
        "section": p["section"],
        "cause": p["cause"],
        "text": p["text"].strip(),
        "position": int(p["position"]),
        "is_active": p["is_active"],
    }


def _shape(s: dict) -> dict:
    s = _filled("shape", s)
    sections = [_section(sec) for sec in s["sections"]]
    return {
        "slug": s["slug"],
        "name": s["name"].strip(),
        "description": s["description"].strip(),
        "position": int(s["position"]),
        "is_active": s["is_active"],
        "sections": sorted(sections, key=lambda d: (d["position"], d["kind"])),
    }


def _section(sec: dict) -> dict:
    sec = _filled("section", sec)
    return {
        "kind": sec["kind"],
        "heading": sec["heading"].strip(),
        "position": int(sec["position"]),
    }
