"""Coding free texts in the browser: the texts of one coded question with its categories.

The codes are stored where the CSV contract expects them: in each response's answers under
``<qid>.codes`` (so ``responses.csv``, exports and the analysis read them unchanged). Every save
goes through ``Response.record`` and so into the response's append-only history, which names the
staff member who coded; one audit entry per save says how many texts changed. Without
JavaScript: one checkbox per category and text, and one button that saves the page.

Each save also keeps the coder's own coding of each text (``TextCoding``). In the second coding
(``?zweit=1``) a second person codes the same texts without seeing the first coding; that coding
is kept in ``TextCoding`` only and never changes the results. The page then shows the two
codings' agreement per category (Cohen's kappa, umfrage.analysis.agreement).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from umfrage.analysis.agreement import CategoryAgreement, per_category
from umfrage.governance.audit import record
from umfrage.governance.roles import ADMINISTER
from umfrage.questionnaire.problems import ProblemsError
from umfrage.store.models import InvalidAnswers, Response, TextCoding
from umfrage.web import codebook
from umfrage.web.access import staff_view, wave_or_404
from umfrage.web.navigation import WAVE_TABS, links
from umfrage.web.views.quotes import quote_context

PAGE = 50
"""Texts per page (the rest by "weitere Texte")."""
SOURCE = "codierung"


@staff_view(ADMINISTER)
def coding(request: HttpRequest, slug: str, key: str, qid: str) -> HttpResponse:
    wave = wave_or_404(slug, key)
    question = codebook.coded_question(wave, qid)
    codes_key, codes = question.coding()
    labels = {c.code: c.label for c in question.codebook()}
    descriptions = {c.code: c.description for c in question.codebook()}
    text_key = question.coded_text_key()
    second = request.GET.get("zweit") == "1"
    coder = request.user.get_username()
    sharing = sharing_waves(wave, question.id, codes)
    chosen_wave, scope = _scope(request.GET.get("welle", ""), wave, sharing)
    if request.method == "POST":
        changed, problems = _save(request, scope, question.id, codes_key, codes, second)
        if problems:
            messages.error(request, problems)
        else:
            messages.success(request, _("%(n)s Texte gespeichert.") % {"n": changed})
        return redirect(request.get_full_path())
    shown = request.GET.get("zeige", "offen")
    if shown not in ("offen", "alle", *codes):
        shown = "offen"
    start = _number(request.GET.get("ab"))
    responses = [
        r
        for r in Response.objects.filter(wave__in=scope)
        .select_related("wave")
        .order_by("wave__position", "position", "id")
        if str(r.answers.get(text_key) or "").strip()
    ]
    total = len(responses)
    coded = sum(1 for r in responses if r.answers.get(codes_key))
    own = {
        c.response_id: list(c.codes)
        for c in TextCoding.objects.filter(
            response__wave__in=scope, question=question.id, coder=coder, second=True
        )
    }
    coders_of = who_coded(scope, question.id)
    by_coder = request.GET.get("codiert_von", "")
    coder_names = sorted({name for names in coders_of.values() for name, _second in names})
    if by_coder not in coder_names:
        by_coder = ""
    if by_coder:
        responses = [
            r for r in responses if any(name == by_coder for name, _s in coders_of.get(r.pk, ()))
        ]

    def codes_of(r: Response) -> list[str]:
        # The second coding shows the coder's own codes only, never the first coding.
        return own.get(r.pk, []) if second else list(r.answers.get(codes_key) or [])

    if shown == "offen":
        responses = [r for r in responses if (r.pk not in own if second else not codes_of(r))]
    elif shown != "alle":
        responses = [r for r in responses if shown in codes_of(r)]
    from umfrage.analysis.suggest import group_texts, suggest_categories

    categories = question.codebook()
    grouped = request.GET.get("ordnen") == "gruppen"
    group_of: dict[int, tuple[int, bool]] = {}
    if grouped and responses:
        # Similar texts next to each other, the most typical of each group first.
        found = group_texts([str(r.answers.get(text_key)) for r in responses], categories)
        order = []
        for number, group in enumerate(found, start=1):
            for index in group.members:
                group_of[responses[index].pk] = (number, index in group.typical)
                order.append(responses[index])
        responses = order
    page = responses[start : start + PAGE]
    rows = [
        {
            "pk": r.pk,
            "number": start + i + 1,
            "text": r.answers.get(text_key),
            "chosen": set(codes_of(r)),
            "suggested": [
                labels[c] for c in suggest_categories(str(r.answers.get(text_key)), categories)
            ],
            "group": group_of.get(r.pk),
            "wave": r.wave.key if len(scope) > 1 else None,
            "coders": coders_of.get(r.pk, []),
        }
        for i, r in enumerate(page)
    ]
    context: dict[str, Any] = {
        "survey": wave.survey,
        "wave": wave,
        "tabs": links(WAVE_TABS, request.user, request.path, wave.survey.slug, wave.key),
        "question": question,
        "categories": [(c, labels[c], descriptions[c]) for c in codes],
        "rows": rows,
        "shown": shown,
        "total": total,
        "coded": coded,
        "matching": len(responses),
        "next_start": start + PAGE if start + PAGE < len(responses) else None,
        "second": second,
        "grouped": grouped,
        "agreement": _agreement(wave, question.id, codes_key, codes, labels),
        "sharing": [w.key for w in sharing],
        "other_label": _other_label(question),
        "chosen_wave": chosen_wave,
        "coder_names": coder_names,
        "by_coder": by_coder,
        "query": _query(request, shown, grouped, second, chosen_wave, by_coder),
    }
    if not second:
        # Quotes per category for the report (views/quotes.py, web/_coding_quotes.html).
        context.update(quote_context(wave, question, rows))
    return render(request, "web/coding.html", context)


def _agreement(
    wave: Any, qid: str, codes_key: str, codes: list[str], labels: dict[str, str]
) -> tuple[int, list[tuple[str, CategoryAgreement]]]:
    """Per category the agreement of first and second coding, over the texts coded twice by
    two different people (the first coding: the codes that count, from the last first coder)."""
    codings = TextCoding.objects.filter(response__wave=wave, question=qid).select_related(
        "response"
    )
    first: dict[int, tuple[str, list[str]]] = {}
    seconds: list[TextCoding] = []
    for c in codings.order_by("coded_at", "id"):
        if c.second:
            seconds.append(c)
        else:
            first[c.response_id] = (c.coder, list(c.codes))
    pairs = []
    for c in seconds:
        found = first.get(c.response_id)
        if found is not None and found[0] != c.coder:
            pairs.append((list(c.response.answers.get(codes_key) or []), list(c.codes)))
    if not pairs:
        return 0, []
    return len(pairs), [(labels[a.code], a) for a in per_category(pairs, codes)]


def _other_label(question: Any) -> str | None:
    """The label of a choice question's "other" option whose texts the page codes."""
    option = getattr(question, "other_option", lambda: None)()
    return str(option.label) if option is not None and question.codebook() else None


def sharing_waves(wave: Any, qid: str, codes: list[str]) -> list[Any]:
    """The survey's other waves that ask question ``qid`` with the same codebook (the same
    category codes in the same order), so their texts can be coded on this page."""
    found = []
    for other in wave.survey.waves.exclude(pk=wave.pk).order_by("position"):
        try:
            questionnaire = other.questionnaire()
        except ProblemsError:
            continue
        if not questionnaire.has_question(qid):
            continue
        coding_of = questionnaire.question(qid).coding()
        if coding_of is not None and coding_of[1] == codes:
            found.append(other)
    return found


def _scope(chosen: str, wave: Any, sharing: list[Any]) -> tuple[str, list[Any]]:
    """The waves whose texts the page shows: ``welle`` empty (this wave), ``alle`` (this wave
    and every wave sharing the codebook) or the key of one wave sharing it."""
    if chosen == "alle" and sharing:
        return chosen, sorted([wave, *sharing], key=lambda w: w.position)
    for other in sharing:
        if other.key == chosen:
            return chosen, [other]
    return "", [wave]


def who_coded(waves: list[Any], qid: str) -> dict[int, list[tuple[str, bool]]]:
    """Per response the people who coded its text: (name, second coding), oldest first."""
    found: dict[int, list[tuple[str, bool]]] = {}
    for c in TextCoding.objects.filter(response__wave__in=waves, question=qid).order_by(
        "coded_at", "id"
    ):
        found.setdefault(c.response_id, []).append((c.coder, c.second))
    return found


def _query(
    request: HttpRequest, shown: str, grouped: bool, second: bool, wave: str, coder: str
) -> str:
    """The page's filters as a query string (for „Weitere Texte“)."""
    from urllib.parse import urlencode

    pairs = [("zeige", shown)]
    if second:
        pairs.append(("zweit", "1"))
    if grouped:
        pairs.append(("ordnen", "gruppen"))
    if wave:
        pairs.append(("welle", wave))
    if coder:
        pairs.append(("codiert_von", coder))
    return urlencode(pairs)


def _number(raw: str | None) -> int:
    try:
        return max(0, int(raw or 0))
    except ValueError:
        return 0


def _save(
    request: HttpRequest, scope: list[Any], qid: str, codes_key: str, codes: list[str], second: bool
) -> tuple[int, str | None]:
    """Store the posted codes of the texts on the page (of the waves shown); all or nothing."""
    wave = scope[0]
    keys = request.POST.getlist("texte")
    try:
        pks = [int(k) for k in keys]
    except ValueError:
        return 0, _("Die Angaben des Formulars sind unvollständig. Bitte laden Sie die Seite neu.")
    responses = {r.pk: r for r in Response.objects.filter(wave__in=scope, pk__in=pks)}
    if len(responses) != len(set(pks)):
        return 0, _("Einige Texte gibt es nicht mehr. Bitte laden Sie die Seite neu.")
    changes: list[tuple[Response, Any]] = []
    confirmed: list[tuple[Response, list[str]]] = []
    for pk in pks:
        response = responses[pk]
        given = request.POST.getlist(f"codes-{pk}")
        unknown = [c for c in given if c not in codes]
        if unknown:
            return 0, _("„%(code)s“ ist keine Kategorie dieser Frage.") % {"code": unknown[0]}
        chosen = [c for c in codes if c in given]
        if second:
            changes.append((response, chosen))
            continue
        if chosen == list(response.answers.get(codes_key) or []):
            confirmed.append((response, chosen))  # unchanged: the coder's own coding only
            continue
        answers = dict(response.answers)
        if chosen:
            answers[codes_key] = chosen
        else:
            answers.pop(codes_key, None)
        changes.append((response, answers))
    from django.db import transaction

    user = request.user
    coder = user.get_username()
    try:
        with transaction.atomic():
            for response, answers in changes:
                if second:
                    _keep(response, qid, coder, answers, second=True)
                    continue
                response.record(answers, status=response.status, by=coder, source=SOURCE)
                _keep(response, qid, coder, list(answers.get(codes_key) or []), second=False)
            for response, chosen in confirmed:
                if chosen:
                    _keep(response, qid, coder, chosen, second=False)
    except InvalidAnswers as error:
        return 0, _("Nicht gespeichert: %(problem)s") % {"problem": error}
    if changes:
        record(
            user,
            "texts.coded",
            f"{len(changes)} Texte der Frage {qid} codiert"
            + (" (Zweitcodierung)." if second else "."),
            survey=wave.survey.slug,
            wave=", ".join(w.key for w in scope if any(r.wave_id == w.pk for r, _ in changes)),
            question=qid,
            responses=[r.pk for r, _ in changes],
        )
    return len(changes), None


def _keep(response: Response, qid: str, coder: str, codes: list[str], *, second: bool) -> None:
    """The coder's own coding of the text (one per coder, text and question; the latest)."""
    from django.utils import timezone

    TextCoding.objects.update_or_create(
        response=response,
        question=qid,
        coder=coder,
        defaults={"codes": codes, "second": second, "coded_at": timezone.now()},
    )
