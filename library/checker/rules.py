"""The checker's rules: each a small named function from a read letter to the spans it
is about. Pure. Text rules work on any letter; answer rules (``plan_*``) are exact when
the structured answers behind a letter are known.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from library.answers import Answers

from .document import CORRECTIVE, PLAN, PREVENTIVE, ROOT_CAUSES, Document, Span


def _(text: str) -> str:
    """Marks a message for makemessages; the Django layer translates it when shown."""
    return text


BLOCKER, WARNING, TIP = "blocker", "warning", "tip"
SEVERITIES = (BLOCKER, WARNING, TIP)

LETTER, MESSAGE = "letter", "message"


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the text."""

    answers: Answers | None = None
    metric_causes: frozenset[str] = frozenset()  # causes whose library metric is set
    #: False when the appeal's route needs no plan (documents only, a retraction, no
    #: appeal): a letter without root causes or actions is then what it should be
    plan_required: bool = True


@dataclass(frozen=True)
class Hit:
    span: Span
    #: the part of the appeal that fixes it: situation, orders, root_causes, corrective
    #: or preventive (appeals.steps maps a part to its wizard step)
    part: str = ""
    item: str = ""  # which item there, e.g. "rc-0"
    quote: bool = True  # False when the span only marks where the letter starts


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    applies_to: str  # LETTER or MESSAGE
    message: str  # English, marked for translation
    find: Callable[[Document, Context], list[Hit]]
    with_answers: bool = (
        False  # replaces the text rule of its category when answers are known
    )


def _pattern_hits(doc: Document, pattern: re.Pattern) -> list[Hit]:
    return [
        Hit(Span(m.start(), m.end(), m.group())) for m in pattern.finditer(doc.text)
    ]


def _sentence_hits(doc: Document, pattern: re.Pattern) -> list[Hit]:
    return [Hit(s) for s in doc.sentences if pattern.search(s.text)]


def _whole(doc: Document) -> Span:
    return Span(0, min(len(doc.text), 80), doc.text[:80])


# --- structure of the plan (text) ----------------------------------------------------

_PAST = re.compile(
    r"\b(we|I) (also |then |already |immediately |promptly |each |have |had )*(\w+ed|sent|made|set|put|wrote|paid|found|began|built|"
    r"bought|chose|gave|held|kept|left|met|ran|sold|spent|told|took|withdrew|hired|"
    r"moved|cut|shut|brought|rebuilt|switched|stopped|removed|contacted)\b",
    re.I,
)
_DONE_ON = re.compile(r"\b(completed|done|finished) on\b", re.I)
_FUTURE = re.compile(
    r"\b(will|shall|plan(s|ning)? to|going to|intend(s)? to|are about to)\b", re.I
)
_FREQUENCY = re.compile(
    r"\b(daily|weekly|monthly|quarterly|hourly|every|each|within \d+|within (one|two|"
    r"three|24|48)|before (each|every|shipping|dispatch|listing|upload|we)|per (day|"
    r"week|month|order)|once a|twice a|for (all|every|each)|always|on (mondays|the first)|"
    r"at (\d|the start|the end)|after (each|every)|from now on|continuously|ongoing|"
    r"at least|no later than|times a|over the next|before the \w+|on the day|"
    r"the same day|as soon as|immediately|whenever|before any|"
    r"before \w+ing (any|a|an|each|every|the|our|new))\b",
    re.I,
)


def missing_corrective(doc: Document, ctx: Context) -> list[Hit]:
    if not ctx.plan_required or doc.has_section(CORRECTIVE):
        return []
    outside_causes = [i for s in doc.sections if s.kind != ROOT_CAUSES for i in s.items]
    if any(_PAST.search(i.text) or _DONE_ON.search(i.text) for i in outside_causes):
        return []
    return [Hit(_whole(doc), part="corrective", quote=False)]


def missing_preventive(doc: Document, ctx: Context) -> list[Hit]:
    if not ctx.plan_required or doc.has_section(PREVENTIVE):
        return []
    if any(_FREQUENCY.search(i.text) and not _PAST.search(i.text) for i in doc.items()):
        return []
    return [Hit(_whole(doc), part="preventive", quote=False)]


def corrective_in_future(doc: Document, ctx: Context) -> list[Hit]:
    return [
        Hit(item, part="corrective")
        for item in _section_items_or_sentences(doc, CORRECTIVE)
        if _FUTURE.search(item.text)
    ]


def _done(text: str) -> bool:
    return bool(_PAST.search(text) or _DONE_ON.search(text))


def preventive_without_timeframe(doc: Document, ctx: Context) -> list[Hit]:
    # In a plan of action holding both kinds, an item not written as done is preventive.
    items = doc.items(PREVENTIVE) + [i for i in doc.items(PLAN) if not _done(i.text)]
    return [
        Hit(item, part="preventive")
        for item in items
        if not _FREQUENCY.search(item.text)
    ]


def _section_items_or_sentences(doc: Document, kind: str) -> list[Span]:
    out = []
    for section in doc.sections:
        if section.kind != kind:
            continue
        if section.items:
            out += section.items
        else:
            out += [
                s
                for s in doc.sentences
                if section.body.start <= s.start < section.body.end
            ]
    return out


# --- structure of the plan (answers) ---------------------------------------------------


def _per_root_cause(ctx: Context, test, part: str) -> list[Hit]:
    # Root causes the seller gave are held to the plan's standard on every route.
    if ctx.answers is None:
        return []
    hits = []
    for n, rc in enumerate(ctx.answers.root_causes):
        title = rc.title or rc.ref.rsplit("/", 1)[-1].replace("-", " ")
        if test(rc):
            hits.append(Hit(Span(0, 0, title), part=part, item=f"rc-{n}"))
    return hits


def plan_missing_corrective(doc: Document, ctx: Context) -> list[Hit]:
    return _per_root_cause(
        ctx, lambda rc: all(a.kind != CORRECTIVE for a in rc.actions), CORRECTIVE
    )


def plan_missing_preventive(doc: Document, ctx: Context) -> list[Hit]:
    return _per_root_cause(
        ctx, lambda rc: all(a.kind != PREVENTIVE for a in rc.actions), PREVENTIVE
    )


def plan_corrective_undated(doc: Document, ctx: Context) -> list[Hit]:
    return _per_root_cause(
        ctx,
        lambda rc: any(a.kind == CORRECTIVE and not a.done_on for a in rc.actions),
        CORRECTIVE,
    )


def plan_without_orders(doc: Document, ctx: Context) -> list[Hit]:
    if ctx.answers is None or ctx.answers.orders or not ctx.plan_required:
        return []
    return [Hit(_whole(doc), part="orders", quote=False)]


def plan_without_root_causes(doc: Document, ctx: Context) -> list[Hit]:
    if ctx.answers is None or ctx.answers.root_causes or not ctx.plan_required:
        return []
    return [Hit(_whole(doc), part="root_causes", quote=False)]


def plan_metric_without_figure(doc: Document, ctx: Context) -> list[Hit]:
    if ctx.answers is None:
        return []
    named = [c for c in ctx.answers.causes if c in ctx.metric_causes]
    has_figure = any(m.value is not None for m in ctx.answers.metrics)
    if named and not has_figure:
        return [Hit(_whole(doc), part="situation", quote=False)]
    return []


# --- wording ----------------------------------------------------------------------

_METRIC_NAMED = re.compile(
    r"\b(order defect rate|ODR|cancellation rate|late shipment rate|valid tracking rate|"
    r"on-time delivery( rate)?|pre-fulfil?lment cancel(lation)? rate)\b",
    re.I,
)
_PERCENT = re.compile(r"\d+(\.\d+)?\s?%")
_ORDER_ID = re.compile(r"\b[0-9]{3}-[0-9]{7}-[0-9]{7}\b")
_ORDERS_DISCUSSED = re.compile(
    r"\b(the|these|those|both|all|two|three|four|five|\d+) (affected |claimed |"
    r"cancelled |late |returned |defective )?orders? (in question|affected|concerned|"
    r"listed|mentioned|named|were|was|had|that|which|we|above)|\baffected orders?\b|"
    r"\border numbers?\b",
    re.I,
)


def metric_without_figure(doc: Document, ctx: Context) -> list[Hit]:
    named = list(_METRIC_NAMED.finditer(doc.text))
    if named and not _PERCENT.search(doc.text):
        m = named[0]
        return [Hit(Span(m.start(), m.end(), m.group()), part="situation")]
    return []


def orders_without_ids(doc: Document, ctx: Context) -> list[Hit]:
    if _ORDER_ID.search(doc.text):
        return []
    return _pattern_hits(doc, _ORDERS_DISCUSSED)[:1]


_BLAME = re.compile(
    r"\b(buyers?|customers?|the buyer|the customer)('s|')? (lied|was lying|were lying|"
    r"fault|scam|abused|tricked|cheated|made (a |false|up))|\bfraudulent (buyers?|"
    r"customers?|claims?)|\b(amazon|amazon's system|amazon's algorithm|the carrier|"
    r"the courier|usps|ups|fedex|dhl|royal mail|yanwen|4px)('s)? (fault|mistake|error|"
    r"lost|delayed|failed|made a mistake|is to blame|was to blame|did not deliver|"
    r"damaged)|\b(blame|blamed) (on )?(amazon|the buyers?|the customers?|the carrier)|"
    r"\bnot our fault\b|\bbecause of (amazon|the carrier|usps|ups|fedex|dhl|the buyers?)",
    re.I,
)
_PLEADING = re.compile(
    r"\b(we|I) (beg|implore|plead)\b|\bplease,? please\b|\bhave mercy\b|\bmercy\b|"
    r"\b(our|my) (family|families|children|livelihood|employees' jobs) (depends?|relies|"
    r"rely)|\bone (more|last) chance\b|\bwe are desperate\b|\bdesperately\b|"
    r"\bwe will (go bankrupt|lose everything)\b",
    re.I,
)
_PERFECTION = re.compile(
    r"\b(will|shall) never (happen|occur) again\b|\bnever happen again\b|"
    r"\bnever again\b|\bwill (ever|never ever) happen again\b|\b100 ?% (guarantee|guaranteed|sure|perfect)|\bguarantee (that )?"
    r"(this|it|there) will (never|not)\b|\bzero (mistakes|errors|defects) (from now on|"
    r"forever|ever)\b|\bwill never make (this|the same) mistake\b",
    re.I,
)
_SUPPORT = re.compile(
    r"\b(seller support|support team|support case|case (id|number|#)|case \d{6,})\b",
    re.I,
)
_GREETING = re.compile(
    r"\A\s*(dear\b|hello\b|hi\b|to whom it may concern|my name is\b|we are writing\b|"
    r"i am writing\b|greetings\b)",
    re.I,
)
# Template slots a pasted letter may still hold ([period], {store_name}, <ORDER ID>, XXX,
# ___), and the gap marker Reinstate's own letters print for a missing value,
# "(MISSING: store name)" (library.letters.runs.gap).
_PLACEHOLDER = re.compile(
    r"\[[^\]\n]{1,40}\]|\{[a-z_ ]{1,40}\}|<[A-Z][A-Z _]{1,30}>|\bX{3,}\b|_{3,}|"
    r"\(MISSING: [^()\n]{1,160}\)"
)
_CJK = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]{2,}[^\n]*"
)
_REVIEW = re.compile(
    r"\b(leave|leaving|write|post|give) (us |a |an |their |your |the )?(positive |good |"
    r"honest |5[- ]star |five[- ]star )?(review|feedback|rating)s?\b|"
    r"\b(updated?|updating|chang(e|ed|ing)|remov(e|ed|ing)|revis(e|ed|ing)|delet(e|ed|ing)|"
    r"remov(e|al of)) (your |their |the |this |that |a |our )?(negative |bad )?"
    r"(review|feedback|rating)s?\b|\b(5|five)[- ]stars?\b|\bpositive (review|feedback)s?\b",
    re.I,
)
_MARKETING = re.compile(
    r"\b(discount|coupon|promo(tion)? code|% off|percent off|sale\b|new (products?|"
    r"arrivals?|collection)|check out our|visit our (store|shop)|follow us|subscribe)",
    re.I,
)
_OUTSIDE = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+|\bhttps?://\S+|\bwww\.\S+|"
    r"\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}\b|\(\d{3}\)\s?\d{3}-\d{4}\b|"
    r"\b\d{3}[.-]\d{3}[.-]\d{4}\b|"
    r"\b(whatsapp|wechat|telegram|line app|line id|skype|call us|text us|"
    r"contact us directly)\b",
    re.I,
)


def blame(doc, ctx):
    return _sentence_hits(doc, _BLAME)


def pleading(doc, ctx):
    return _sentence_hits(doc, _PLEADING)


def perfection_promise(doc, ctx):
    return _sentence_hits(doc, _PERFECTION)


def question(doc, ctx):
    return [Hit(s) for s in doc.sentences if s.text.rstrip().endswith("?")]


def support_case(doc, ctx):
    return _sentence_hits(doc, _SUPPORT)


def form_greeting(doc, ctx):
    if doc.shape != "form":
        return []
    return _pattern_hits(doc, _GREETING)


def placeholder(doc, ctx):
    """Template slots left in the text. With the answers behind the letter, each hit
    names the part (and root cause) whose step fills it: an empty fact slot of an
    action leads to that root cause on the plan step."""
    hits = _pattern_hits(doc, _PLACEHOLDER)
    if ctx.answers is None:
        return hits
    return [_located(doc, ctx.answers, hit) for hit in hits]


#: the part of the appeal a letter section's gaps are filled in; the opening, closing,
#: subject and signature come from the closing step
_SECTION_PART = {
    ROOT_CAUSES: "root_causes",
    CORRECTIVE: "corrective",
    PREVENTIVE: "preventive",
    PLAN: "corrective",
}


def _located(doc: Document, answers: Answers, hit: Hit) -> Hit:
    start = hit.span.start
    section = next(
        (
            s
            for s in reversed(doc.sections)
            if s.body.start <= start <= s.body.end and s.heading is not None
        ),
        None,
    )
    index = None
    if section is not None and section.kind in _SECTION_PART:
        index = next(
            (n for n, i in enumerate(section.items) if i.start <= start <= i.end),
            None,
        )
    if index is None:
        # Outside the numbered items (a closing paragraph after the plan, the
        # signature): the closing step writes it.
        return Hit(hit.span, part="closing")
    owners = _item_owners(answers, section.kind)
    item = f"rc-{owners[index]}" if len(owners) == len(section.items) else ""
    return Hit(hit.span, part=_SECTION_PART[section.kind], item=item)


def _item_owners(answers: Answers, kind: str) -> list[int]:
    """For each numbered item of a section the letter builds, the index of the root
    cause it belongs to (the order letters.assemble writes them in)."""
    rcs = list(enumerate(answers.root_causes))
    if kind == ROOT_CAUSES:
        return [n for n, _ in rcs]
    if kind == PLAN:
        return [
            n
            for n, rc in rcs
            for k in (CORRECTIVE, PREVENTIVE)
            for a in rc.actions
            if (a.kind == CORRECTIVE) == (k == CORRECTIVE)
        ]
    return [
        n
        for n, rc in rcs
        for a in rc.actions
        if (a.kind == CORRECTIVE) == (kind == CORRECTIVE)
    ]


def repeated_sentence(doc, ctx):
    seen, hits = set(), []
    for s in doc.sentences:
        words = re.findall(r"\w+", s.text.lower())
        if len(words) < 6 or s.text.lstrip().startswith("("):
            continue  # a timeframe note in brackets may rightly repeat
        key = " ".join(words)
        if key in seen:
            hits.append(Hit(s))
        seen.add(key)
    return hits


def not_english(doc, ctx):
    return _pattern_hits(doc, _CJK)


def too_long_section(doc, ctx):
    """A part over the limit; a list of order IDs does not count (Amazon wants them
    all, and a letter with hundreds of orders cannot shorten it)."""
    limit = 2000 if doc.shape == "form" else 3000
    return [
        Hit(Span(s.body.start, s.body.start + 80, s.body.text[:80]), quote=False)
        for s in doc.sections
        if len(_ORDER_ID.sub("", s.body.text).strip()) > limit
    ]


def review_request(doc, ctx):
    return _sentence_hits(doc, _REVIEW)


_ASKS = re.compile(r"\b(please|we ask|we request|we kindly ask|asking you)\b", re.I)
# What a sentence describing a past practice says it did (titles have no "we").
_DESCRIBED = re.compile(
    r"\b(asked|offered|invited|included|used|ran|sent|gave|paid|requested|steered|"
    r"encouraged|contacted|rewarded|promised|withdrew|removed|stopped|ended)\b",
    re.I,
)


def review_request_in_plan(doc, ctx):
    """A letter asking for reviews as part of its plan, or asking Amazon to remove
    feedback. Saying what went wrong (a root cause) or what was done about it in the
    past ("we withdrew the cards that asked for reviews") is what a review-manipulation
    appeal must do, so those sentences pass unless they ask for something."""
    causes = [s.body for s in doc.sections if s.kind == ROOT_CAUSES]
    hits = []
    for hit in _sentence_hits(doc, _REVIEW):
        text = hit.span.text
        in_causes = any(b.start <= hit.span.start < b.end for b in causes)
        # "We withdrew the cards" (we + past tense), or a title line naming the
        # cause ("Insert cards asked buyers for a review": no final stop).
        told = _PAST.search(text) or (
            _DESCRIBED.search(text) and not text.rstrip().endswith((".", "!"))
        )
        if (in_causes or told) and not _ASKS.search(text):
            continue
        hits.append(hit)
    return hits


def marketing(doc, ctx):
    return _sentence_hits(doc, _MARKETING)


def outside_channel(doc, ctx):
    return _pattern_hits(doc, _OUTSIDE)


RULES: tuple[Rule, ...] = (
    Rule("no-corrective-section", "missing_corrective", BLOCKER, LETTER,
         _("No action already taken is named: say what you did to fix it."),
         missing_corrective),
    Rule("root-cause-without-corrective", "missing_corrective", BLOCKER, LETTER,
         _("A root cause has no corrective action (something you already did)."),
         plan_missing_corrective, with_answers=True),
    Rule("no-preventive-section", "missing_preventive", BLOCKER, LETTER,
         _("No ongoing measure is named: say what you will keep doing so it does not happen again."),
         missing_preventive),
    Rule("root-cause-without-preventive", "missing_preventive", BLOCKER, LETTER,
         _("A root cause has no preventive measure (something you will keep doing)."),
         plan_missing_preventive, with_answers=True),
    Rule("corrective-in-future", "corrective_not_done", WARNING, LETTER,
         _("An action taken is written as a plan: Amazon wants what is already done, with its date."),
         corrective_in_future),
    Rule("corrective-undated", "corrective_not_done", WARNING, LETTER,
         _("A corrective action has no date: Amazon reads it as not done yet."),
         plan_corrective_undated, with_answers=True),
    Rule("preventive-no-timeframe", "preventive_no_timeframe", WARNING, LETTER,
         _("A preventive measure says no frequency or timeframe, e.g. every morning, within 24 hours."),
         preventive_without_timeframe),
    Rule("metric-without-figure", "missing_metric", WARNING, LETTER,
         _("The metric is named but its figure is not: state it as a percentage."),
         metric_without_figure),
    Rule("metric-cause-without-figure", "missing_metric", WARNING, LETTER,
         _("This cause is measured by a metric, but no figure is given."),
         plan_metric_without_figure, with_answers=True),
    Rule("orders-without-ids", "missing_orders", WARNING, LETTER,
         _("Orders are discussed but none is named: list the affected order IDs."),
         orders_without_ids),
    Rule("no-order-ids", "missing_orders", WARNING, LETTER,
         _("No affected order IDs yet: Amazon expects you to name them."),
         plan_without_orders, with_answers=True),
    Rule("no-root-cause", "missing_corrective", BLOCKER, LETTER,
         _("No root cause chosen yet."),
         plan_without_root_causes, with_answers=True),
    Rule("blame", "blame", BLOCKER, LETTER,
         _("This presents buyers, Amazon or a carrier as the cause. Amazon wants what you will change."),
         blame),
    Rule("pleading", "pleading", WARNING, LETTER,
         _("Pleading does not help: state facts and actions."),
         pleading),
    Rule("perfection-promise", "perfection_promise", WARNING, LETTER,
         _("A promise of perfection is not believed: say how you will catch problems early."),
         perfection_promise),
    Rule("question", "question_to_amazon", WARNING, LETTER,
         _("Do not ask Amazon questions in the appeal."),
         question),
    Rule("support-case", "support_case_reference", WARNING, LETTER,
         _("Seller Support cases do not count in an appeal; leave them out."),
         support_case),
    Rule("form-greeting", "form_has_greeting", WARNING, LETTER,
         _("Amazon's form needs no greeting or introduction: start with the cause."),
         form_greeting),
    Rule("placeholder", "placeholder_left", BLOCKER, LETTER,
         _("A gap was left unfilled."),
         placeholder),
    Rule("repeated-sentence", "repeated_sentence", TIP, LETTER,
         _("This sentence appears twice."),
         repeated_sentence),
    Rule("not-english", "not_english", BLOCKER, LETTER,
         _("Amazon reads appeals in English: this part is not in English."),
         not_english),
    Rule("too-long-section", "too_long_section", WARNING, LETTER,
         _("This part is very long: keep each part short and specific."),
         too_long_section),
    Rule("review-request", "review_request", BLOCKER, LETTER,
         _("Asking for reviews or for feedback to be removed breaks Amazon's rules."),
         review_request_in_plan),
    Rule("message-review-request", "review_request", BLOCKER, MESSAGE,
         _("Buyer messages may not ask for reviews, ratings or feedback changes."),
         review_request),
    Rule("message-marketing", "marketing", BLOCKER, MESSAGE,
         _("Buyer messages may not carry promotions or marketing."),
         marketing),
    Rule("message-outside-channel", "outside_channel", BLOCKER, MESSAGE,
         _("Buyer messages may not send buyers to e-mail, phone, websites or chat apps."),
         outside_channel),
)  # fmt: skip
CATEGORIES = tuple(dict.fromkeys(r.category for r in RULES))
