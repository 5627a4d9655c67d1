"""The phrase library as data: validate, import, export and publish.

The working-copy models and the frozen LibraryVersion.data share one plain format,
``reinstate-library/1`` (docs/library-format.md). ``normalize`` is the single place that
defines it: import, export and publish all go through it, so a file imported and exported
again comes out identical, and its checksum says whether it was already published.
"""

import hashlib
import json

from django.db import transaction
from django.db.models import Max

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


def normalize(data: dict) -> dict:
    """Validate library data and return it in canonical form, or raise LibraryFormatError."""
    errors: list[str] = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LibraryFormatError([f'not a library file: "format" must be "{FORMAT}"'])
    metrics = set(Metric.values)
    kinds = set(Action.Kind.values)
    sections = set(Phrase.Section.values)
    shape_kinds = set(ShapeSection.Kind.values)
    causes, cause_slugs = [], set()
    for i, c in enumerate(data.get("causes") or []):
        path = f"causes[{i}]"
        slug = str(c.get("slug", ""))
        if not slug or slug in cause_slugs:
            errors.append(f"{path}: missing or duplicate slug {slug!r}")
        cause_slugs.add(slug)
        if c.get("metric", "none") not in metrics:
            errors.append(f"{path}: unknown metric {c.get('metric')!r}")
        root_causes, rc_slugs = [], set()
        for j, rc in enumerate(c.get("root_causes") or []):
            rpath = f"{path}.root_causes[{j}]"
            rslug = str(rc.get("slug", ""))
            if not rslug or rslug in rc_slugs:
                errors.append(f"{rpath}: missing or duplicate slug {rslug!r}")
            rc_slugs.add(rslug)
            _check_text(errors, rpath, rc.get("explanation", ""))
            variants = [str(v) for v in rc.get("variants") or []]
            for k, v in enumerate(variants):
                _check_text(errors, f"{rpath}.variants[{k}]", v)
            actions, a_slugs = [], set()
            for k, a in enumerate(rc.get("actions") or []):
                apath = f"{rpath}.actions[{k}]"
                aslug = str(a.get("slug", ""))
                if not aslug or aslug in a_slugs:
                    errors.append(f"{apath}: missing or duplicate slug {aslug!r}")
                a_slugs.add(aslug)
                if a.get("kind") not in kinds:
                    errors.append(f"{apath}: kind must be corrective or preventive")
                _check_text(errors, apath, a.get("text", ""))
                actions.append(
                    {
                        "slug": aslug,
                        "kind": a.get("kind"),
                        "text": str(a.get("text", "")).strip(),
                        "timeframe": str(a.get("timeframe", "")).strip(),
                        "position": int(a.get("position", 0)),
                        "is_active": bool(a.get("is_active", True)),
                    }
                )
            root_causes.append(
                {
                    "slug": rslug,
                    "title": str(rc.get("title", "")).strip(),
                    "explanation": str(rc.get("explanation", "")).strip(),
                    "variants": [v.strip() for v in variants if v.strip()],
                    "position": int(rc.get("position", 0)),
                    "is_active": bool(rc.get("is_active", True)),
                    "actions": _order(actions, "slug"),
                }
            )
        causes.append(
            {
                "slug": slug,
                "name": str(c.get("name", "")).strip(),
                "metric": c.get("metric", "none"),
                "guidance": str(c.get("guidance", "")).strip(),
                "evidence": [
                    str(e).strip() for e in c.get("evidence") or [] if str(e).strip()
                ],
                "position": int(c.get("position", 0)),
                "is_active": bool(c.get("is_active", True)),
                "root_causes": _order(root_causes, "slug"),
            }
        )
    phrases, keys = [], set()
    for i, p in enumerate(data.get("phrases") or []):
        path = f"phrases[{i}]"
        key = str(p.get("key", ""))
        if not key or key in keys:
            errors.append(f"{path}: missing or duplicate key {key!r}")
        keys.add(key)
        if p.get("section") not in sections:
            errors.append(f"{path}: unknown section {p.get('section')!r}")
        if p.get("cause") is not None and p.get("cause") not in cause_slugs:
            errors.append(f"{path}: unknown cause {p.get('cause')!r}")
        _check_text(errors, path, p.get("text", ""))
        phrases.append(
            {
                "key": key,
                "section": p.get("section"),
                "cause": p.get("cause"),
                "text": str(p.get("text", "")).strip(),
                "position": int(p.get("position", 0)),
                "is_active": bool(p.get("is_active", True)),
            }
        )
    shapes, shape_slugs = [], set()
    for i, s in enumerate(data.get("shapes") or []):
        path = f"shapes[{i}]"
        sslug = str(s.get("slug", ""))
        if not sslug or sslug in shape_slugs:
            errors.append(f"{path}: missing or duplicate slug {sslug!r}")
        shape_slugs.add(sslug)
        secs = []
        for j, sec in enumerate(s.get("sections") or []):
            if sec.get("kind") not in shape_kinds:
                errors.append(f"{path}.sections[{j}]: unknown kind {sec.get('kind')!r}")
            _check_text(errors, f"{path}.sections[{j}]", sec.get("heading", ""))
            secs.append(
                {
                    "kind": sec.get("kind"),
                    "heading": str(sec.get("heading", "")).strip(),
                    "position": int(sec.get("position", 0)),
                }
            )
        shapes.append(
            {
                "slug": sslug,
                "name": str(s.get("name", "")).strip(),
                "description": str(s.get("description", "")).strip(),
                "position": int(s.get("position", 0)),
                "is_active": bool(s.get("is_active", True)),
                "sections": sorted(secs, key=lambda d: (d["position"], d["kind"])),
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
