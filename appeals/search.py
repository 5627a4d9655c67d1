"""Full-text search over past appeals: the index of each appeal's search document
(``appeals.searchdoc``) and the query that narrows a queryset to matches.

One API on both backends:

- PostgreSQL: ``AppealSearch.vector``, a weighted tsvector (``english``: "shipping"
  finds "shipped") with a GIN index, and a trigram GIN index on ``ids``;
- SQLite: the FTS5 table ``appeals_search_fts`` (``porter unicode61``), one row per
  appeal, rowid = appeal id, written here beside the ``AppealSearch`` row.

A query is read as terms (``searchdoc.query_terms``: words and "quoted phrases"), every
one of which must match. A word or phrase matches the document's words (stemmed); an
identifier-like word (``112-3456789``, ``ZX-200``) also matches as a substring of the
order IDs and SKUs, so a partial order ID finds its appeal. The appeal's current title,
store name, seller ID and workspace name containing the whole query match too, as the
appeals list has always searched them.
"""

import functools
import operator

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections, router, transaction
from django.db.models import F, FloatField, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from library import exports
from library.answers import Answers
from library.selectors import library_for
from metrics.selectors.orders import order_skus

from . import selectors  # read at call time: selectors imports this module
from .models import Appeal, AppealSearch, Round
from .searchdoc import (
    MAX_QUERY,
    RoundText,
    SearchDocument,
    Term,
    query_terms,
    search_document,
)

CONFIG = "english"
FTS_TABLE = "appeals_search_fts"
# Weights: a hit in the title or an ID counts most, then the answers, then letters.
VECTOR = (
    SearchVector("title", weight="A", config=CONFIG)
    + SearchVector("ids", weight="A", config=CONFIG)
    + SearchVector("body", weight="B", config=CONFIG)
    + SearchVector("letters", weight="C", config=CONFIG)
)
FTS_WEIGHTS = "10.0, 10.0, 4.0, 1.0"  # bm25 weights of title, ids, body, letters


def _vendor() -> str:
    return connections[router.db_for_write(AppealSearch)].vendor


# --- the index -----------------------------------------------------------------------


def index_appeal(appeal_id: int) -> None:
    """Rebuild the appeal's search document (or drop it, for an appeal that is gone).

    Idempotent. Called by the services that change what the document holds, in the
    same transaction as the change (the service's own, or the request's: requests are
    atomic), so the index commits or rolls back with it.
    """
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_related("store", "workspace")
            .filter(pk=appeal_id)
            .first()
        )
        if appeal is None:
            AppealSearch.objects.filter(pk=appeal_id).delete()
            _fts_write(appeal_id, None)
            return
        doc = document_of(appeal)
        AppealSearch.objects.update_or_create(
            appeal=appeal,
            defaults={
                "title": doc.title,
                "ids": doc.ids,
                "body": doc.body,
                "letters": doc.letters,
                "indexed_at": timezone.now(),
            },
        )
        if _vendor() == "postgresql":
            AppealSearch.objects.filter(pk=appeal_id).update(vector=VECTOR)
        _fts_write(appeal_id, doc)


def reindex_all() -> int:
    """Rebuild every appeal's search document; drop those of appeals that are gone.
    Returns how many appeals were indexed."""
    count = 0
    for appeal_id in Appeal.objects.order_by("pk").values_list("pk", flat=True):
        index_appeal(appeal_id)
        count += 1
    AppealSearch.objects.exclude(appeal__in=Appeal.objects.all()).delete()
    if _vendor() == "sqlite":
        with connections[router.db_for_write(AppealSearch)].cursor() as cursor:
            cursor.execute(  # FTS_TABLE is our constant; no input is formatted in
                f"DELETE FROM {FTS_TABLE} WHERE rowid NOT IN "  # noqa: S608  # nosec B608
                "(SELECT appeal_id FROM appeals_appealsearch)"
            )
    return count


def document_of(appeal: Appeal) -> SearchDocument:
    """The appeal's search document from its rounds (each read with its own library
    version), its store's imported orders and its names."""
    rounds = list(appeal.rounds.select_related("library_version").order_by("number"))
    texts = [
        RoundText(
            answers=Answers.from_dict(r.answers),
            library=library_for(r.library_version),
            letter=_letter_text(r),
            reply=r.amazon_reply,
        )
        for r in rounds
    ]
    order_ids = [o.id for t in texts for o in t.answers.orders]
    return search_document(
        title=appeal.title,
        store_name=appeal.store.name,
        seller_id=appeal.store.seller_id,
        workspace_name=appeal.workspace.name,
        rounds=texts,
        order_skus=order_skus(store_id=appeal.store_id, order_ids=order_ids),
    )


def _letter_text(round: Round) -> str:
    """The letter as sent for a submitted round, else as it stands now."""
    if round.submitted_on and round.sent_text:
        return round.sent_text
    return exports.to_text(selectors.letter_for(round=round))


def _fts_write(appeal_id: int, doc: SearchDocument | None) -> None:
    """SQLite: replace the appeal's FTS5 row with ``doc`` (none: delete it)."""
    if _vendor() != "sqlite":
        return
    with connections[router.db_for_write(AppealSearch)].cursor() as cursor:
        # FTS_TABLE is our constant; values are parameters (also below).
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [appeal_id])  # noqa: S608  # nosec B608
        if doc is not None:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, ids, body, letters) "  # noqa: S608  # nosec B608
                "VALUES (%s, %s, %s, %s, %s)",
                [appeal_id, doc.title, doc.ids, doc.body, doc.letters],
            )


# --- the query -----------------------------------------------------------------------


def matching(queryset: QuerySet[Appeal], q: str) -> QuerySet[Appeal]:
    """The appeals of ``queryset`` (already scoped to the user) that match ``q``,
    annotated with ``search_rank`` (higher is better; 0 for a match on the names only)
    and ordered by it, then by the queryset's own order. Further ``filter()`` and
    ``order_by()`` compose as on any queryset. A blank ``q`` returns ``queryset``.
    """
    q = (q or "").strip()[:MAX_QUERY]
    if not q:
        return queryset
    names = (
        Q(title__icontains=q)
        | Q(store__name__icontains=q)
        | Q(store__seller_id__icontains=q)
        | Q(workspace__name__icontains=q)
    )
    terms = query_terms(q)
    if not terms:
        return queryset.filter(names)
    if connections[queryset.db].vendor == "postgresql":
        text, rank = _postgresql(terms)
    else:
        text, rank = _sqlite(terms)
    order = queryset.query.order_by or Appeal._meta.ordering
    return (
        queryset.filter(text | names)
        .annotate(search_rank=Coalesce(rank, Value(0.0), output_field=FloatField()))
        .order_by("-search_rank", *order)
    )


def _ids(term: Term) -> Q:
    """An identifier-like term as a substring of the stored IDs (upper-cased there)."""
    return Q(search__ids__contains=term.text.upper())


def _postgresql(terms: list[Term]):
    def tsquery(term: Term) -> SearchQuery:
        return SearchQuery(term.text, search_type="phrase", config=CONFIG)

    words = [tsquery(t) for t in terms if not t.is_id]
    # One tsquery for the words, so a stop word ("the") drops out instead of failing.
    text = Q(search__vector=functools.reduce(operator.and_, words)) if words else Q()
    for term in terms:
        if term.is_id:
            text &= Q(search__vector=tsquery(term)) | _ids(term)
    any_term = functools.reduce(operator.or_, (tsquery(t) for t in terms))
    return text, SearchRank(F("search__vector"), any_term)


class _FtsRank(Func):
    """SQLite: minus the bm25 of the appeal's FTS5 row for a MATCH expression (higher is
    better; NULL when the row does not match). Func(match, pk) compiles the outer pk with
    whatever alias the query gives it."""

    template = (  # constants only; the MATCH expression is a parameter
        f"(SELECT -bm25({FTS_TABLE}, {FTS_WEIGHTS}) FROM {FTS_TABLE} "  # noqa: S608  # nosec B608
        f"WHERE {FTS_TABLE} MATCH %(expressions)s)"
    )
    arg_joiner = f" AND {FTS_TABLE}.rowid = "
    output_field = FloatField()


def _fts_matches(expression: str) -> Q:
    return Q(
        # FTS_TABLE is our constant; the expression is a parameter.
        pk__in=RawSQL(  # noqa: S611  # nosec B611
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608  # nosec B608
            [expression],
        )
    )


def _sqlite(terms: list[Term]):
    def fts(term: Term) -> str:
        # A double-quoted string is an FTS5 phrase whatever it holds ("" escapes a
        # quote), so no user input is ever read as FTS5 syntax. Identifiers are
        # prefix phrases: "112-3456789"* finds 112-3456789-1234567.
        quoted = '"' + term.text.replace('"', '""') + '"'
        return quoted + "*" if term.is_id else quoted

    words = [fts(t) for t in terms if not t.is_id]
    text = _fts_matches(" AND ".join(words)) if words else Q()
    for term in terms:
        if term.is_id:
            text &= _fts_matches(fts(term)) | _ids(term)
    any_term = " OR ".join(fts(t) for t in terms)
    return text, _FtsRank(Value(any_term), F("pk"))
