"""The phrase library as data: validate, import, export and publish.

The working-copy models and the frozen LibraryVersion.data share one plain format,
``reinstate-library/1`` (docs/library-format.md). ``normalize`` is the single place that
defines it: import, export and publish all go through it, so a file imported and exported
again comes out identical, and its checksum says whether it was already published.
"""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from accounts.selectors import CURATOR_GROUP

from . import placeholders
from .models import (
    Action,
    LetterShape,
    LibraryVersion,
    Metric,
    Phrase,
    RootCause,
    RootCauseVariant,
    ShapeSection,
    SuspensionCause,
)

FORMAT = "reinstate-library/1"

#: the working-copy models an import replaces (LibraryVersion is never touched)
WORKING_MODELS = [
    "suspensioncause",
    "rootcause",
    "rootcausevariant",
    "action",
    "phrase",
    "lettershape",
    "shapesection",
]


LIBRARY_MODELS = [*WORKING_MODELS, "libraryversion"]


def curator_group_sync() -> Group:
    """Give the curators' group every permission on the library models and nothing else.

    Curators may not view appeals, rounds, workspaces, stores or imported reports: their
    group holds no permission on those, and the admin registers those only for superusers.
    """
    group, _ = Group.objects.get_or_create(name=CURATOR_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label="library", content_type__model__in=LIBRARY_MODELS
    )
    group.permissions.set(perms)
    return group


SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
MAX_POSITION = 1_000_000
#: an uploaded library file larger than this is refused before it is read
MAX_FILE_BYTES = 5 * 1024 * 1024


class LibraryFormatError(ValueError):
    """The library data is not valid; ``errors`` lists every problem with its path."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors[:10]))


def _order(items, key):
    return sorted(items, key=lambda d: (d.get("position", 0), d.get(key, "")))


def _check_text(errors: list[str], path: str, text: str) -> None:
    unknown = placeholders.unknown_in(text)
    if unknown:
        errors.append(f"{path}: unknown placeholder(s) {', '.join(unknown)}")
    if placeholders.has_link_or_image(text):
        errors.append(f"{path}: links and images are not allowed")


def _objects(errors: list[str], path: str, value) -> list[tuple[int, dict]]:
    """(index, item) for the JSON objects of a list; anything else is reported."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        errors.append(f"{path}: must be a list")
        return []
    items = []
    for i, item in enumerate(value):
        if isinstance(item, dict):
            items.append((i, item))
        else:
            errors.append(f"{path}[{i}]: must be an object")
    return items


def _text(errors, path, obj, name, *, required=False, max_length=None) -> str:
    value = obj.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        errors.append(f"{path}.{name}: must be text")
        return ""
    value = str(value).strip()
    if required and not value:
        errors.append(f"{path}.{name}: must not be empty")
    if max_length and len(value) > max_length:
        errors.append(f"{path}.{name}: longer than {max_length} characters")
    return value


def _slug(errors, path, obj, name, seen: set, *, max_length=80) -> str:
    value = obj.get(name, "")
    value = "" if value is None else str(value)
    if not value or value in seen:
        errors.append(f"{path}: missing or duplicate {name} {value!r}")
    elif not SLUG.match(value) or len(value) > max_length:
        errors.append(
            f"{path}: {name} {value!r} must be at most {max_length} letters, digits, "
            "hyphens or underscores"
        )
    seen.add(value)
    return value


def _position(errors, path, obj) -> int:
    value = obj.get("position", 0)
    if isinstance(value, bool) or not isinstance(value, int | str):
        errors.append(f"{path}.position: must be a whole number")
        return 0
    try:
        number = int(value)
    except ValueError:
        errors.append(f"{path}.position: must be a whole number")
        return 0
    if not 0 <= number <= MAX_POSITION:
        errors.append(f"{path}.position: must be between 0 and {MAX_POSITION}")
        return 0
    return number


def _active(errors, path, obj) -> bool:
    value = obj.get("is_active", True)
    if not isinstance(value, bool):
        errors.append(f"{path}.is_active: must be true or false")
        return True
    return value


def normalize(data: dict) -> dict:
    """Validate library data and return it in canonical form, or raise LibraryFormatError.

    Every problem is collected (with a path such as ``causes[2].root_causes[0]``) before
    raising, so one upload lists all of them; nothing in ``data`` can make it crash.
    """
    errors: list[str] = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LibraryFormatError([f'not a library file: "format" must be "{FORMAT}"'])
    metrics = set(Metric.values)
    kinds = set(Action.Kind.values)
    sections = set(Phrase.Section.values)
    shape_kinds = set(ShapeSection.Kind.values)
    causes, cause_slugs = [], set()
    for i, c in _objects(errors, "causes", data.get("causes")):
        path = f"causes[{i}]"
        slug = _slug(errors, path, c, "slug", cause_slugs)
        if c.get("metric", "none") not in metrics:
            errors.append(f"{path}: unknown metric {c.get('metric')!r}")
        root_causes, rc_slugs = [], set()
        for j, rc in _objects(errors, f"{path}.root_causes", c.get("root_causes")):
            rpath = f"{path}.root_causes[{j}]"
            rslug = _slug(errors, rpath, rc, "slug", rc_slugs)
            explanation = _text(errors, rpath, rc, "explanation", required=True)
            _check_text(errors, rpath, explanation)
            raw_variants = rc.get("variants") or []
            if not isinstance(raw_variants, list):
                errors.append(f"{rpath}.variants: must be a list")
                raw_variants = []
            variants = []
            for k, v in enumerate(raw_variants):
                if not isinstance(v, str):
                    errors.append(f"{rpath}.variants[{k}]: must be text")
                    continue
                _check_text(errors, f"{rpath}.variants[{k}]", v)
                variants.append(v)
            actions, a_slugs = [], set()
            for k, a in _objects(errors, f"{rpath}.actions", rc.get("actions")):
                apath = f"{rpath}.actions[{k}]"
                aslug = _slug(errors, apath, a, "slug", a_slugs)
                if a.get("kind") not in kinds:
                    errors.append(f"{apath}: kind must be corrective or preventive")
                text = _text(errors, apath, a, "text", required=True)
                _check_text(errors, apath, text)
                actions.append(
                    {
                        "slug": aslug,
                        "kind": a.get("kind"),
                        "text": text,
                        "timeframe": _text(
                            errors, apath, a, "timeframe", required=True, max_length=120
                        ),
                        "position": _position(errors, apath, a),
                        "is_active": _active(errors, apath, a),
                    }
                )
            root_causes.append(
                {
                    "slug": rslug,
                    "title": _text(
                        errors, rpath, rc, "title", required=True, max_length=200
                    ),
                    "explanation": explanation,
                    "variants": [v.strip() for v in variants if v.strip()],
                    "position": _position(errors, rpath, rc),
                    "is_active": _active(errors, rpath, rc),
                    "actions": _order(actions, "slug"),
                }
            )
        evidence = c.get("evidence") or []
        if not isinstance(evidence, list):
            errors.append(f"{path}.evidence: must be a list")
            evidence = []
        causes.append(
            {
                "slug": slug,
                "name": _text(errors, path, c, "name", required=True, max_length=200),
                "metric": c.get("metric", "none"),
                "guidance": _text(errors, path, c, "guidance"),
                "evidence": [str(e).strip() for e in evidence if str(e).strip()],
                "position": _position(errors, path, c),
                "is_active": _active(errors, path, c),
                "root_causes": _order(root_causes, "slug"),
            }
        )
    phrases, keys = [], set()
    for i, p in _objects(errors, "phrases", data.get("phrases")):
        path = f"phrases[{i}]"
        key = _slug(errors, path, p, "key", keys)
        if p.get("section") not in sections:
            errors.append(f"{path}: unknown section {p.get('section')!r}")
        if p.get("cause") is not None and p.get("cause") not in cause_slugs:
            errors.append(f"{path}: unknown cause {p.get('cause')!r}")
        text = _text(errors, path, p, "text", required=True)
        _check_text(errors, path, text)
        phrases.append(
            {
                "key": key,
                "section": p.get("section"),
                "cause": p.get("cause"),
                "text": text,
                "position": _position(errors, path, p),
                "is_active": _active(errors, path, p),
            }
        )
    shapes, shape_slugs = [], set()
    for i, s in _objects(errors, "shapes", data.get("shapes")):
        path = f"shapes[{i}]"
        sslug = _slug(errors, path, s, "slug", shape_slugs, max_length=40)
        secs = []
        for j, sec in _objects(errors, f"{path}.sections", s.get("sections")):
            spath = f"{path}.sections[{j}]"
            if sec.get("kind") not in shape_kinds:
                errors.append(f"{spath}: unknown kind {sec.get('kind')!r}")
            heading = _text(errors, spath, sec, "heading", max_length=200)
            _check_text(errors, spath, heading)
            secs.append(
                {
                    "kind": sec.get("kind"),
                    "heading": heading,
                    "position": _position(errors, spath, sec),
                }
            )
        shapes.append(
            {
                "slug": sslug,
                "name": _text(errors, path, s, "name", required=True, max_length=120),
                "description": _text(errors, path, s, "description"),
                "position": _position(errors, path, s),
                "is_active": _active(errors, path, s),
                "sections": sorted(secs, key=lambda d: (d["position"], str(d["kind"]))),
            }
        )
    if errors:
        raise LibraryFormatError(errors)
    return {
        "format": FORMAT,
        "causes": _order(causes, "slug"),
        "phrases": sorted(
            phrases, key=lambda d: (d["section"], d["position"], d["key"])
        ),
        "shapes": _order(shapes, "slug"),
    }


def checksum(data: dict) -> str:
    canonical = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def library_export() -> dict:
    """The working copy as canonical library data (inactive rows included)."""
    causes = []
    for c in SuspensionCause.objects.prefetch_related(
        "root_causes__actions", "root_causes__variants"
    ):
        causes.append(
            {
                "slug": c.slug,
                "name": c.name,
                "metric": c.metric,
                "guidance": c.guidance,
                "evidence": c.evidence_items(),
                "position": c.position,
                "is_active": c.is_active,
                "root_causes": [
                    {
                        "slug": rc.slug,
                        "title": rc.title,
                        "explanation": rc.explanation,
                        "variants": [v.explanation for v in rc.variants.all()],
                        "position": rc.position,
                        "is_active": rc.is_active,
                        "actions": [
                            {
                                "slug": a.slug,
                                "kind": a.kind,
                                "text": a.text,
                                "timeframe": a.default_timeframe,
                                "position": a.position,
                                "is_active": a.is_active,
                            }
                            for a in rc.actions.all()
                        ],
                    }
                    for rc in c.root_causes.all()
                ],
            }
        )
    phrases = [
        {
            "key": p.key,
            "section": p.section,
            "cause": p.cause.slug if p.cause_id else None,
            "text": p.text,
            "position": p.position,
            "is_active": p.is_active,
        }
        for p in Phrase.objects.select_related("cause")
    ]
    shapes = [
        {
            "slug": s.slug,
            "name": s.name,
            "description": s.description,
            "position": s.position,
            "is_active": s.is_active,
            "sections": [
                {"kind": sec.kind, "heading": sec.heading, "position": sec.position}
                for sec in s.sections.all()
            ],
        }
        for s in LetterShape.objects.prefetch_related("sections")
    ]
    return normalize(
        {"format": FORMAT, "causes": causes, "phrases": phrases, "shapes": shapes}
    )


@transaction.atomic
def library_import(*, data: dict) -> dict:
    """Replace the whole working copy with ``data``. Published versions are untouched.

    Returns the canonical data that was imported. Appeals never point at working-copy rows
    (only at LibraryVersion), so replacing them is safe.
    """
    data = normalize(data)
    Phrase.objects.all().delete()
    ShapeSection.objects.all().delete()
    LetterShape.objects.all().delete()
    SuspensionCause.objects.all().delete()
    by_slug = {}
    for c in data["causes"]:
        cause = SuspensionCause.objects.create(
            slug=c["slug"],
            name=c["name"],
            metric=c["metric"],
            guidance=c["guidance"],
            evidence_checklist="\n".join(c["evidence"]),
            position=c["position"],
            is_active=c["is_active"],
        )
        by_slug[cause.slug] = cause
        for rc in c["root_causes"]:
            root = RootCause.objects.create(
                cause=cause,
                slug=rc["slug"],
                title=rc["title"],
                explanation=rc["explanation"],
                position=rc["position"],
                is_active=rc["is_active"],
            )
            RootCauseVariant.objects.bulk_create(
                RootCauseVariant(root_cause=root, explanation=v, position=n)
                for n, v in enumerate(rc["variants"])
            )
            Action.objects.bulk_create(
                Action(
                    root_cause=root,
                    slug=a["slug"],
                    kind=a["kind"],
                    text=a["text"],
                    default_timeframe=a["timeframe"],
                    position=a["position"],
                    is_active=a["is_active"],
                )
                for a in rc["actions"]
            )
    Phrase.objects.bulk_create(
        Phrase(
            key=p["key"],
            section=p["section"],
            cause=by_slug.get(p["cause"]),
            text=p["text"],
            position=p["position"],
            is_active=p["is_active"],
        )
        for p in data["phrases"]
    )
    for s in data["shapes"]:
        shape = LetterShape.objects.create(
            slug=s["slug"],
            name=s["name"],
            description=s["description"],
            position=s["position"],
            is_active=s["is_active"],
        )
        ShapeSection.objects.bulk_create(
            ShapeSection(shape=shape, **sec) for sec in s["sections"]
        )
    return data


@transaction.atomic
def library_publish(*, user=None, note: str = "") -> LibraryVersion:
    """Freeze the working copy as the next LibraryVersion and return it."""
    data = library_export()
    number = (LibraryVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    return LibraryVersion.objects.create(
        number=number, published_by=user, note=note, data=data, checksum=checksum(data)
    )


def library_is_published(*, data: dict) -> bool:
    """Whether exactly this library content was published before (makes set-up idempotent)."""
    return LibraryVersion.objects.filter(checksum=checksum(normalize(data))).exists()


def library_current() -> LibraryVersion | None:
    return LibraryVersion.objects.latest_published()


def library_dumps(data: dict) -> str:
    """The text of a library file: what export writes and import reads back unchanged."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def library_parse(raw: bytes) -> dict:
    """Decode and validate an uploaded library file; LibraryFormatError lists the problems."""
    if len(raw) > MAX_FILE_BYTES:
        raise LibraryFormatError(
            [f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LibraryFormatError(
            [f"the file is not UTF-8 text (byte {exc.start} cannot be read)"]
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LibraryFormatError(
            [f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"]
        ) from exc
    except RecursionError as exc:
        raise LibraryFormatError(["not valid JSON: nested too deeply"]) from exc
    return normalize(data)


def version_previous(*, version: LibraryVersion) -> LibraryVersion | None:
    """The published version just before ``version`` (None for the first one)."""
    return (
        LibraryVersion.objects.filter(number__lt=version.number)
        .order_by("-number")
        .first()
    )


# ---------------------------------------------------------------------------- diff

KIND_CAUSE, KIND_ROOT_CAUSE, KIND_ACTION = "cause", "root_cause", "action"
KIND_PHRASE, KIND_SHAPE = "phrase", "shape"
DIFF_KINDS = [KIND_CAUSE, KIND_ROOT_CAUSE, KIND_ACTION, KIND_PHRASE, KIND_SHAPE]


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: str
    new: str
    #: word-level edit script for text fields: ("same" | "del" | "ins", text) pairs
    ops: tuple = ()


@dataclass(frozen=True)
class Change:
    kind: str  # one of DIFF_KINDS
    ref: str  # slug path, e.g. "odr-a-to-z-claims/slow-claim-response"
    label: str  # what a curator recognises: the name, title, text or key
    change: str  # added | removed | changed
    fields: tuple[FieldChange, ...] = ()
    detail: str = ""  # for an added or removed cause / root cause: what it held


@dataclass
class LibraryDiff:
    changes: list[Change] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def summary(self) -> list[dict]:
        """Per kind, how many items were added, removed and changed (kinds with any)."""
        rows = []
        for kind in DIFF_KINDS:
            counts = {"added": 0, "removed": 0, "changed": 0}
            for c in self.changes:
                if c.kind == kind:
                    counts[c.change] += 1
            if any(counts.values()):
                rows.append({"kind": kind, **counts})
        return rows

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(value) -> str:
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if value is None:
        return ""
    return str(value)


def _index(data: dict | None) -> dict:
    """(kind, ref) -> (label, {field: value}, parent ref) for every item of the library."""
    items = {}
    if not data:
        return items
    for c in data.get("causes", []):
        items[(KIND_CAUSE, c["slug"])] = (
            c["name"],
            {
                "name": c["name"],
                "metric": c["metric"],
                "guidance": c["guidance"],
                "evidence": "\n".join(c["evidence"]),
                "position": c["position"],
                "is_active": c["is_active"],
            },
            None,
        )
        for rc in c["root_causes"]:
            rref = f"{c['slug']}/{rc['slug']}"
            items[(KIND_ROOT_CAUSE, rref)] = (
                rc["title"],
                {
                    "title": rc["title"],
                    "explanation": rc["explanation"],
                    "variants": "\n\n".join(rc["variants"]),
                    "position": rc["position"],
                    "is_active": rc["is_active"],
                },
                c["slug"],
            )
            for a in rc["actions"]:
                items[(KIND_ACTION, f"{rref}/{a['slug']}")] = (
                    _short(a["text"]),
                    {
                        "kind": a["kind"],
                        "text": a["text"],
                        "timeframe": a["timeframe"],
                        "position": a["position"],
                        "is_active": a["is_active"],
                    },
                    rref,
                )
    for p in data.get("phrases", []):
        items[(KIND_PHRASE, p["key"])] = (
            _short(p["text"]),
            {
                "section": p["section"],
                "cause": p["cause"] or "",
                "text": p["text"],
                "position": p["position"],
                "is_active": p["is_active"],
            },
            None,
        )
    for s in data.get("shapes", []):
        items[(KIND_SHAPE, s["slug"])] = (
            s["name"],
            {
                "name": s["name"],
                "description": s["description"],
                "sections": "\n".join(
                    f"{sec['kind']}: {sec['heading']}".rstrip(": ")
                    for sec in s["sections"]
                ),
                "position": s["position"],
                "is_active": s["is_active"],
            },
            None,
        )
    return items


def _word_ops(old: str, new: str) -> tuple:
    a, b = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if tag == "equal":
            ops.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("ins", "".join(b[j1:j2])))
    return tuple(ops)


TEXT_FIELDS = {"guidance", "evidence", "explanation", "variants", "text", "description"}


def _field_changes(old: dict, new: dict) -> tuple[FieldChange, ...]:
    changes = []
    for name, value in new.items():
        before = old.get(name)
        if before == value:
            continue
        ops = _word_ops(_shown(before), _shown(value)) if name in TEXT_FIELDS else ()
        changes.append(FieldChange(name, _shown(before), _shown(value), ops))
    return tuple(changes)


def _contents(data: dict | None, kind: str, ref: str) -> str:
    """What an added or removed cause or root cause holds, e.g. "4 root causes, 15 actions"."""
    for c in (data or {}).get("causes", []):
        if kind == KIND_CAUSE and c["slug"] == ref:
            actions = sum(len(rc["actions"]) for rc in c["root_causes"])
            return gettext("%(root_causes)d root causes, %(actions)d actions") % {
                "root_causes": len(c["root_causes"]),
                "actions": actions,
            }
        for rc in c["root_causes"]:
            if kind == KIND_ROOT_CAUSE and f"{c['slug']}/{rc['slug']}" == ref:
                return gettext("%(actions)d actions, %(variants)d variants") % {
                    "actions": len(rc["actions"]),
                    "variants": len(rc["variants"]),
                }
    return ""


def library_diff(old: dict | None, new: dict | None) -> LibraryDiff:
    """What changed from library data ``old`` to ``new`` (both in canonical form).

    Items are matched by slug path. The root causes and actions inside an added or
    removed cause (or root cause) are not listed one by one: the parent's entry says how
    many it holds, which is what a curator reviewing the change wants to see.
    """
    before, after = _index(old), _index(new)
    whole = set()  # refs of added or removed parents
    changes = []
    for kind in DIFF_KINDS:
        keys = [k for k in after if k[0] == kind] + [
            k for k in before if k[0] == kind and k not in after
        ]
        for key in keys:
            ref = key[1]
            parent = (after.get(key) or before.get(key))[2]
            if parent is not None and parent in whole:
                whole.add(ref)
                continue
            if key not in before:
                whole.add(ref)
                changes.append(
                    Change(
                        kind,
                        ref,
                        after[key][0],
                        "added",
                        detail=_contents(new, kind, ref),
                    )
                )
            elif key not in after:
                whole.add(ref)
                changes.append(
                    Change(
                        kind,
                        ref,
                        before[key][0],
                        "removed",
                        detail=_contents(old, kind, ref),
                    )
                )
            else:
                fields = _field_changes(before[key][1], after[key][1])
                if fields:
                    changes.append(
                        Change(kind, ref, after[key][0], "changed", fields=fields)
                    )
    return LibraryDiff(changes)


# ------------------------------------------------------------------------- counts

#: the content rules a shippable library meets (issue 3; fixtures/check_library.py)
MIN_ROOT_CAUSES = 4
MIN_ACTIONS = 3
MIN_PHRASE_CHOICES = 3
CHOICE_SECTIONS = ("acknowledgement", "closing")


def library_counts(data: dict) -> dict:
    """How much active content the library holds, per cause, root cause and section.

    Inactive items are left out of every count: a letter never uses them.
    """
    phrases = [p for p in data["phrases"] if p["is_active"]]
    sections = {s: 0 for s in Phrase.Section.values}
    for p in phrases:
        sections[p["section"]] = sections.get(p["section"], 0) + 1
    causes = []
    for c in data["causes"]:
        if not c["is_active"]:
            continue
        roots = []
        for rc in c["root_causes"]:
            if not rc["is_active"]:
                continue
            kinds = {k: 0 for k in Action.Kind.values}
            for a in rc["actions"]:
                if a["is_active"]:
                    kinds[a["kind"]] += 1
            roots.append({"slug": rc["slug"], "title": rc["title"], "actions": kinds})
        choices = {
            s: sum(
                1
                for p in phrases
                if p["section"] == s and p["cause"] in (None, c["slug"])
            )
            for s in CHOICE_SECTIONS
        }
        causes.append(
            {
                "slug": c["slug"],
                "name": c["name"],
                "root_causes": roots,
                "phrase_choices": choices,
            }
        )
    return {
        "causes": causes,
        "root_causes": sum(len(c["root_causes"]) for c in causes),
        "actions": {
            k: sum(rc["actions"][k] for c in causes for rc in c["root_causes"])
            for k in Action.Kind.values
        },
        "phrases": sections,
    }


def library_flags(counts: dict) -> list[str]:
    """The content rules ``counts`` (from library_counts) breaks, one readable line each."""
    flags = []
    for c in counts["causes"]:
        if len(c["root_causes"]) < MIN_ROOT_CAUSES:
            flags.append(
                gettext("%(cause)s: %(count)d root causes (at least %(min)d wanted)")
                % {
                    "cause": c["slug"],
                    "count": len(c["root_causes"]),
                    "min": MIN_ROOT_CAUSES,
                }
            )
        for rc in c["root_causes"]:
            ref = f"{c['slug']}/{rc['slug']}"
            total = sum(rc["actions"].values())
            if total < MIN_ACTIONS:
                flags.append(
                    gettext("%(ref)s: %(count)d actions (at least %(min)d wanted)")
                    % {"ref": ref, "count": total, "min": MIN_ACTIONS}
                )
            missing = [k for k, n in rc["actions"].items() if n == 0]
            if missing:
                flags.append(
                    gettext("%(ref)s: no %(kinds)s action")
                    % {"ref": ref, "kinds": " / ".join(missing)}
                )
        for section, n in c["phrase_choices"].items():
            if n < MIN_PHRASE_CHOICES:
                flags.append(
                    gettext(
                        "%(cause)s: %(count)d %(section)s phrases to choose from "
                        "(at least %(min)d wanted)"
                    )
                    % {
                        "cause": c["slug"],
                        "count": n,
                        "section": section,
                        "min": MIN_PHRASE_CHOICES,
                    }
                )
    return flags
