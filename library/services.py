"""The phrase library as data: validate, import, export and publish.

The working-copy models and the frozen LibraryVersion.data share one plain format,
``reinstate-library/1``, defined by docs/library.schema.json and checked by the pure
``library.format.normalize``: import, export and publish all go through it, so a file
imported and exported again comes out identical, and its checksum says whether it was
already published.
"""

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import CharField, F, Func, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext

from accounts.selectors import CURATOR_GROUP

from . import checker, outcomes
from .concepts import jsontext
from .format import FORMAT, LibraryFormatError, normalize  # noqa: F401
from .models import (
    Action,
    CauseDocument,
    CheckerRule,
    Document,
    LetterShape,
    LibraryVersion,
    OutcomeCount,
    Phrase,
    RootCause,
    RootCauseVariant,
    ShapeSection,
    Slot,
    SuspensionCause,
)

#: the working-copy models an import replaces (LibraryVersion is never touched)
WORKING_MODELS = [
    "slot",
    "document",
    "suspensioncause",
    "causedocument",
    "rootcause",
    "rootcausevariant",
    "action",
    "phrase",
    "lettershape",
    "shapesection",
]


LIBRARY_MODELS = [*WORKING_MODELS, "libraryversion", "checkerrule"]


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


#: an uploaded library file larger than this is refused before it is read
MAX_FILE_BYTES = 5 * 1024 * 1024


def checksum(data: dict) -> str:
    canonical = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _cause_data(c: SuspensionCause) -> dict:
    return {
        "slug": c.slug,
        "name": c.name,
        "name_zh": c.name_zh,
        "metric": c.metric,
        "route": c.route,
        "guidance": c.guidance,
        "guidance_zh": c.guidance_zh,
        "documents": [link.document.slug for link in c.document_links.all()],
        "position": c.position,
        "is_active": c.is_active,
        "root_causes": [
            {
                "slug": rc.slug,
                "title": rc.title,
                "title_zh": rc.title_zh,
                "explanation": rc.explanation,
                "explanation_zh": rc.explanation_zh,
                "variants": [v.explanation for v in rc.variants.all()],
                "position": rc.position,
                "is_active": rc.is_active,
                "actions": [
                    {
                        "slug": a.slug,
                        "kind": a.kind,
                        "text": a.text,
                        "text_zh": a.text_zh,
                        "documents": [d.slug for d in a.documents.all()],
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


def _shape_data(s: LetterShape) -> dict:
    return {
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


SLOT_FIELDS = ("name", "label", "label_zh", "hint", "hint_zh", "example", "position")
DOCUMENT_FIELDS = (
    "slug",
    "name",
    "name_zh",
    "acceptable",
    "acceptable_zh",
    "max_age_days",
    "counts_units",
    "position",
)


def _model_data(obj, fields) -> dict:
    return {name: getattr(obj, name) for name in fields}


def library_export() -> dict:
    """The working copy as canonical library data (inactive rows included)."""
    causes = SuspensionCause.objects.prefetch_related(
        "root_causes__actions__documents",
        "root_causes__variants",
        "document_links__document",
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
    slots = [_model_data(s, SLOT_FIELDS) for s in Slot.objects.all()]
    documents = [_model_data(d, DOCUMENT_FIELDS) for d in Document.objects.all()]
    return normalize(
        {
            "format": FORMAT,
            "slots": slots,
            "documents": documents,
            "causes": [_cause_data(c) for c in causes],
            "phrases": phrases,
            "shapes": [
                _shape_data(s) for s in LetterShape.objects.prefetch_related("sections")
            ],
        }
    )


def _import_actions(root: RootCause, rows: list[dict], documents: dict) -> None:
    actions = Action.objects.bulk_create(
        Action(
            root_cause=root,
            slug=a["slug"],
            kind=a["kind"],
            text=a["text"],
            text_zh=a["text_zh"],
            default_timeframe=a["timeframe"],
            position=a["position"],
            is_active=a["is_active"],
        )
        for a in rows
    )
    Action.documents.through.objects.bulk_create(
        Action.documents.through(action=action, document=documents[slug])
        for action, a in zip(actions, rows, strict=True)
        for slug in a["documents"]
    )


def _import_cause(c: dict, documents: dict[str, Document]) -> SuspensionCause:
    cause = SuspensionCause.objects.create(
        slug=c["slug"],
        name=c["name"],
        name_zh=c["name_zh"],
        metric=c["metric"],
        route=c["route"],
        guidance=c["guidance"],
        guidance_zh=c["guidance_zh"],
        position=c["position"],
        is_active=c["is_active"],
    )
    CauseDocument.objects.bulk_create(
        CauseDocument(cause=cause, document=documents[slug], position=n * 10)
        for n, slug in enumerate(c["documents"])
    )
    for rc in c["root_causes"]:
        root = RootCause.objects.create(
            cause=cause,
            slug=rc["slug"],
            title=rc["title"],
            title_zh=rc["title_zh"],
            explanation=rc["explanation"],
            explanation_zh=rc["explanation_zh"],
            position=rc["position"],
            is_active=rc["is_active"],
        )
        RootCauseVariant.objects.bulk_create(
            RootCauseVariant(root_cause=root, explanation=v, position=n)
            for n, v in enumerate(rc["variants"])
        )
        _import_actions(root, rc["actions"], documents)
    return cause


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
    Slot.objects.all().delete()
    Slot.objects.bulk_create(Slot(**slot) for slot in data["slots"])
    Document.objects.all().delete()
    documents = {
        d.slug: d
        for d in Document.objects.bulk_create(Document(**d) for d in data["documents"])
    }
    by_slug = {c["slug"]: _import_cause(c, documents) for c in data["causes"]}
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
        sections = s["sections"]
        shape = LetterShape.objects.create(
            **{k: v for k, v in s.items() if k != "sections"}
        )
        ShapeSection.objects.bulk_create(
            ShapeSection(shape=shape, **sec) for sec in sections
        )
    return data


def slots_with_uses():
    """The working copy's slots, each annotated with ``uses``: how many letter texts
    (explanations, variants, actions, phrases) name it, in one query. The one count of
    a slot's uses: the admin lists it, and a slot in use keeps its name and stays."""
    braced = Concat(Value("{"), OuterRef("name"), Value("}"), output_field=CharField())

    def count(model, field_name):
        rows = (
            model.objects.filter(**{f"{field_name}__contains": braced})
            .order_by()
            .annotate(n=Func(F("pk"), function="COUNT"))
            .values("n")
        )
        return Coalesce(Subquery(rows[:1]), 0)

    return Slot.objects.annotate(
        uses=count(RootCause, "explanation")
        + count(RootCauseVariant, "explanation")
        + count(Action, "text")
        + count(Phrase, "text")
    )


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
        data = jsontext.loads(text)
    except jsontext.JSONTextError as exc:
        raise LibraryFormatError([_json_problem(exc)]) from exc
    return normalize(data)


def _json_problem(exc: jsontext.JSONTextError) -> str:
    if exc.code == "too_deep":
        return f"not valid JSON: nested too deeply (more than {exc.params['limit']} levels)"
    if exc.code == "nul":
        return "a text holds a NUL character (\\u0000), which no letter may contain"
    p = exc.params
    return f"not valid JSON: {p['detail']} at line {p['line']}, column {p['column']}"


def version_previous(*, version: LibraryVersion) -> LibraryVersion | None:
    """The published version just before ``version`` (None for the first one)."""
    return (
        LibraryVersion.objects.filter(number__lt=version.number)
        .order_by("-number")
        .first()
    )


# ---------------------------------------------------------------------------- diff

KIND_CAUSE, KIND_ROOT_CAUSE, KIND_ACTION = "cause", "root_cause", "action"
KIND_PHRASE, KIND_SHAPE, KIND_SLOT = "phrase", "shape", "slot"
KIND_DOCUMENT = "document"
DIFF_KINDS = [
    KIND_SLOT,
    KIND_DOCUMENT,
    KIND_CAUSE,
    KIND_ROOT_CAUSE,
    KIND_ACTION,
    KIND_PHRASE,
    KIND_SHAPE,
]


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


def _index_cause(items: dict, c: dict) -> None:
    """Add a cause, its root causes and their actions to a diff index."""
    items[(KIND_CAUSE, c["slug"])] = (
        c["name"],
        {
            "name": c["name"],
            "name_zh": c.get("name_zh", ""),
            "metric": c["metric"],
            "route": c.get("route", ""),
            "guidance": c["guidance"],
            "guidance_zh": c.get("guidance_zh", ""),
            # an old version's free-text evidence, or the documents' slugs
            "documents": "\n".join(c.get("documents") or c.get("evidence") or []),
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
                "title_zh": rc.get("title_zh", ""),
                "explanation": rc["explanation"],
                "explanation_zh": rc.get("explanation_zh", ""),
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
                    "text_zh": a.get("text_zh", ""),
                    "documents": "\n".join(a.get("documents") or []),
                    "timeframe": a["timeframe"],
                    "position": a["position"],
                    "is_active": a["is_active"],
                },
                rref,
            )


def _index(data: dict | None) -> dict:
    """(kind, ref) -> (label, {field: value}, parent ref) for every item of the library."""
    items = {}
    if not data:
        return items
    for d in data.get("documents", []):
        items[(KIND_DOCUMENT, d["slug"])] = (
            d["name"],
            {k: v for k, v in d.items() if k != "slug"},
            None,
        )
    for slot in data.get("slots", []):
        items[(KIND_SLOT, slot["name"])] = (
            "{" + slot["name"] + "}",
            {k: v for k, v in slot.items() if k != "name"},
            None,
        )
    for c in data.get("causes", []):
        _index_cause(items, c)
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
                "route": c.get("route", ""),
                "evidence": len(c.get("documents") or []),
                "root_causes": roots,
                "phrase_choices": choices,
            }
        )
    return {
        "causes": causes,
        "glosses_missing": len(glosses_missing(data)),
        "root_causes": sum(len(c["root_causes"]) for c in causes),
        "actions": {
            k: sum(rc["actions"][k] for c in causes for rc in c["root_causes"])
            for k in Action.Kind.values
        },
        "phrases": sections,
    }


def glosses_missing(data: dict) -> list[str]:
    """Where an active item shown to sellers has no 简体中文 gloss: its place and field.

    Causes (name, guidance), root causes (title, explanation), actions, documents (name,
    what makes it acceptable) and slots (label, hint).
    """
    missing = []

    def need(place: str, item: dict, *fields: str) -> None:
        for name in fields:
            if item.get(name, "").strip() and not item.get(f"{name}_zh", "").strip():
                missing.append(f"{place}.{name}_zh")

    for c in data["causes"]:
        if not c["is_active"]:
            continue
        need(c["slug"], c, "name", "guidance")
        for rc in c["root_causes"]:
            if not rc["is_active"]:
                continue
            ref = f"{c['slug']}/{rc['slug']}"
            need(ref, rc, "title", "explanation")
            for a in rc["actions"]:
                if a["is_active"]:
                    need(f"{ref}/{a['slug']}", a, "text")
    for d in data.get("documents", []):
        need(f"documents/{d['slug']}", d, "name", "acceptable")
    for slot in data.get("slots", []):
        need(f"slots/{slot['name']}", slot, "label", "hint")
    return missing


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


@transaction.atomic
def outcomes_rebuild(decided) -> int:
    """Replace every OutcomeCount with the tally of ``decided``: (answers, outcome,
    version id) of each appeal that ended reinstated or rejected. Returns the rows."""
    OutcomeCount.objects.all().delete()
    rows = [
        OutcomeCount(
            kind=kind,
            ref=ref[:250],
            version_id=version,
            reinstated=reinstated,
            rejected=rejected,
        )
        for (kind, ref, version), (reinstated, rejected) in outcomes.tally(
            decided
        ).items()
    ]
    OutcomeCount.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def checker_rules_sync() -> int:
    """One CheckerRule row per rule of the checker; returns how many were added."""
    known = set(CheckerRule.objects.values_list("rule", flat=True))
    missing = [CheckerRule(rule=r.id) for r in checker.RULES if r.id not in known]
    CheckerRule.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def checker_fired(findings) -> None:
    """Count each rule that fired on a letter that was exported or checked."""
    rules = {f.rule for f in findings}
    if rules:
        CheckerRule.objects.filter(rule__in=rules).update(
            fired=F("fired") + 1, last_fired_at=timezone.now()
        )
