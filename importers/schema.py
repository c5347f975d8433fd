"""Validation of one item's fields against the exchange format (core keys + documented extensions), every format.

Contract: :func:`build_record` takes the top-level :class:`~importers.locations.Field` objects of one item (from a
Markdown front matter, a CSV row or an IPDC instance; each carries a Locator for its line numbers) and returns an
:class:`ItemRecord` (None when anything is wrong) plus every problem found, each with the file line and key (nested
keys are named with a path, e.g. ``cost[2].amount`` or ``phone_script.steps``). Unknown keys are errors, never
dropped. Cross-item rules (duplicate ids, unknown ``related`` ids, type changes, name clashes) live in
:mod:`importers.pipeline`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from kennisbank.models.pages import EXTERNAL_ID_RE, REVIEW_INTERVAL_MAX_MONTHS, REVIEWED_MAX, REVIEWED_MIN
from kennisbank.textclean import forbidden_characters
from kennisbank.vocabulary import (
    AUDIENCE_FROM_EXCHANGE,
    ActionKind,
    ItemType,
    ProductType,
    Visibility,
    guess_action_kind,
)

from .limits import characters_message
from .locations import Field, Locator
from .record import ActionItem, CostItem, ItemRecord

CORE_KEYS = ("id", "type", "title", "short_answer", "themes", "life_events", "audience", "visibility", "keywords",
             "related", "owner", "review_interval_months")
EXTENSION_KEYS = ("last_reviewed", "cost", "appointment_required", "product_type", "actions", "online_url",
                  "service_points", "phone_script")
#: Every key the importer knows, in the order the exporter writes them.
KEY_ORDER = CORE_KEYS + EXTENSION_KEYS
REQUIRED_KEYS = ("id", "type", "title", "short_answer")
PRODUCT_ONLY_KEYS = frozenset({"cost", "appointment_required", "product_type", "actions", "online_url",
                               "service_points"})
COST_KEYS = ("label", "amount", "note")
PHONE_KEYS = ("questions", "steps", "transfer", "notes")
ITEM_TYPES: tuple[str, ...] = tuple(ItemType.values)
VISIBILITIES: tuple[str, ...] = tuple(Visibility.values)

TITLE_MAX = 255
SHORT_ANSWER_MAX = 300
NAME_MAX = {"themes": 100, "life_events": 100, "service_points": 120, "owner": 120}
KEYWORD_MAX = 200
COST_LABEL_MAX = 200
COST_NOTE_MAX = 255
COST_AMOUNT_MAX = Decimal("999999.99")
ONLINE_URL_MAX = 200
PHONE_TRANSFER_MAX = 200


@dataclass(frozen=True)
class Problem:
    line: int
    key: str
    message: str


@dataclass
class RecordResult:
    record: ItemRecord | None
    problems: list[Problem]
    #: File line of each top-level key (for cross-file errors).
    key_lines: dict[str, int] = field(default_factory=dict)
    #: File line of each entry of ``related`` (same order as ``record.related``).
    related_lines: list[int] = field(default_factory=list)
    #: File line of each named thing to create or look up: (key, name) → line.
    name_lines: dict[tuple[str, str], int] = field(default_factory=dict)


def _type_name(value: Any) -> str:
    if value is None:
        return _("leeg")
    if isinstance(value, bool):
        return _("ja/nee (true/false)")
    if isinstance(value, int):
        return _("een geheel getal")
    if isinstance(value, float):
        return _("een kommagetal")
    if isinstance(value, str):
        return _("tekst")
    if isinstance(value, list):
        return _("een lijst")
    if isinstance(value, dict):
        return _("een mapping (sleutel: waarde)")
    if isinstance(value, dt.datetime):
        return _("een datum met tijd")
    if isinstance(value, dt.date):
        return _("een datum")
    return type(value).__name__


class _Checker:
    """Collects problems for one file while converting values."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.problems: list[Problem] = []

    def add(self, line: int, key: str, message: str) -> None:
        self.problems.append(Problem(line, key, message))

    def wrong_type(self, line: int, key: str, expected: str, value: Any) -> None:
        self.add(line, key, _("Verkeerd type: verwacht %(expected)s, maar kreeg %(got)s.")
                 % {"expected": expected, "got": _type_name(value)})

    # --- scalar helpers ---------------------------------------------------------------------------------------
    def text(self, value: Any, line: int, key: str, *, max_length: int | None = None, required: bool = False,
             single_line: bool = False) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(line, key, _("tekst"), value)
            return None
        if codes := forbidden_characters(value):
            self.add(line, key, characters_message(codes))
            return None
        if required and not value.strip():
            self.add(line, key, _("Mag niet leeg zijn."))
            return None
        if max_length is not None and len(value) > max_length:
            self.add(line, key, _("Te lang: %(n)s tekens (max. %(max)s).") % {"n": len(value), "max": max_length})
            return None
        if single_line and "\n" in value:
            self.add(line, key, _("Mag geen regeleinde bevatten."))
            return None
        return value

    def choice(self, value: Any, line: int, key: str, choices: tuple[str, ...] | list[str]) -> str | None:
        if not isinstance(value, str):
            self.wrong_type(line, key, _("tekst"), value)
            return None
        if value not in choices:
            self.add(line, key, _("Ongeldige waarde '%(value)s': kies uit %(choices)s.")
                     % {"value": value, "choices": ", ".join(choices)})
            return None
        return value

    def text_list(self, entry_value: Any, where: Locator, line: int, key: str, *, max_length: int,
                  choices: tuple[str, ...] | list[str] | None = None) -> list[tuple[str, int]] | None:
        """A list of non-empty, single-line strings; returns (value, line) pairs (stripped)."""
        if entry_value is None:
            return []
        if not isinstance(entry_value, list):
            self.wrong_type(line, key, _("een lijst"), entry_value)
            return None
        out: list[tuple[str, int]] = []
        ok = True
        for index, value in enumerate(entry_value, start=1):
            item_line = where.child(index - 1).line
            item_key = f"{key}[{index}]"
            if choices is not None:
                checked = self.choice(value, item_line, item_key, choices)
            else:
                checked = self.text(value, item_line, item_key, max_length=max_length, required=True,
                                    single_line=True)
                checked = checked.strip() if checked is not None else None
            if checked is None:
                ok = False
                continue
            out.append((checked, item_line))
        return out if ok else None


def _check_cost(ck: _Checker, value: Any, where: Locator, line: int) -> tuple[CostItem, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, list):
        ck.wrong_type(line, "cost", _("een lijst van prijzen ({label, amount, note})"), value)
        return None
    items: list[CostItem] = []
    ok = True
    for index, item in enumerate(value, start=1):
        base = f"cost[{index}]"
        item_where = where.child(index - 1)
        item_line = item_where.line
        if not isinstance(item, dict):
            ck.wrong_type(item_line, base, _("een mapping met label en amount"), item)
            ok = False
            continue
        lines = {str(k): item_where.key_line(str(k)) for k in item}
        for k in item:
            if k not in COST_KEYS:
                ck.add(lines.get(str(k), item_line), f"{base}.{k}",
                       _("Onbekende sleutel in een prijs: kies uit %(keys)s.") % {"keys": ", ".join(COST_KEYS)})
                ok = False
        for required in ("label", "amount"):
            if required not in item:
                ck.add(item_line, f"{base}.{required}", _("Verplichte sleutel ontbreekt."))
                ok = False
        label = ck.text(item["label"], lines["label"], f"{base}.label", max_length=COST_LABEL_MAX,
                        required=True) if "label" in item else None
        note = ""
        if item.get("note") is not None:
            note = ck.text(item["note"], lines["note"], f"{base}.note", max_length=COST_NOTE_MAX)  # type: ignore[assignment]
        amount = _check_amount(ck, item["amount"], lines["amount"], f"{base}.amount") if "amount" in item else None
        if label is None or amount is None or note is None:
            ok = False
            continue
        items.append(CostItem(label=label, amount=amount, note=note))
    return tuple(items) if ok else None


ACTION_KEYS = ("kind", "url", "label")
ACTION_LABEL_MAX = 80



def _check_url(ck: _Checker, value: Any, line: int, key: str, *, allow_tel: bool = False) -> str | None:
    url = ck.text(value, line, key, max_length=ONLINE_URL_MAX, required=True, single_line=True)
    if url is None:
        return None
    url = url.strip()
    if allow_tel and re.fullmatch(r"tel:\+?[0-9 ]{6,20}", url):
        return url
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        hint = _(" of tel:051123456") if allow_tel else ""
        ck.add(line, key, _("Ongeldig webadres '%(value)s' (begin met https://%(hint)s).") % {"value": url,
                                                                                         "hint": hint})
        return None
    return url


def _check_actions(ck: _Checker, value: Any, where: Locator, line: int) -> tuple[ActionItem, ...] | None:
    if not isinstance(value, list):
        ck.wrong_type(line, "actions", _("een lijst van acties ({kind, url, label})"), value)
        return None
    out: list[ActionItem] = []
    ok = True
    for index, item in enumerate(value, start=1):
        base = f"actions[{index}]"
        item_where = where.child(index - 1)
        if not isinstance(item, dict):
            ck.wrong_type(item_where.line, base, _("een mapping met kind en url"), item)
            ok = False
            continue
        lines = {str(k): item_where.key_line(str(k)) for k in item}
        unknown = [k for k in item if k not in ACTION_KEYS]
        for k in unknown:
            ck.add(lines.get(str(k), item_where.line), f"{base}.{k}",
                   _("Onbekende sleutel in een actie: kies uit %(keys)s.") % {"keys": ", ".join(ACTION_KEYS)})
        kind = ck.choice(item.get("kind"), lines.get("kind", item_where.line), f"{base}.kind",
                         tuple(ActionKind.values)) if "kind" in item else None
        if "kind" not in item:
            ck.add(item_where.line, f"{base}.kind", _("Verplichte sleutel ontbreekt."))
        url = ""
        if item.get("url") is not None:
            url = _check_url(ck, item["url"], lines["url"], f"{base}.url", allow_tel=True)  # type: ignore[assignment]
        elif kind is not None and kind != ActionKind.VISIT:
            ck.add(item_where.line, f"{base}.url", _("Een actie '%(kind)s' heeft een adres nodig.") % {"kind": kind})
            url = None  # type: ignore[assignment]
        label = ""
        if item.get("label") is not None:
            label = ck.text(item["label"], lines["label"], f"{base}.label", max_length=ACTION_LABEL_MAX,
                            single_line=True)  # type: ignore[assignment]
        if unknown or kind is None or url is None or label is None:
            ok = False
            continue
        out.append(ActionItem(kind=kind, url=url, label=label.strip()))
    return tuple(out) if ok else None


def _check_amount(ck: _Checker, value: Any, line: int, key: str) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        ck.wrong_type(line, key, _("een bedrag in euro (getal, bv. 25.30)"), value)
        return None
    if isinstance(value, float) and not math.isfinite(value):
        ck.add(line, key, _("Het bedrag moet een gewoon getal zijn."))
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - str() of an int/float is always a valid Decimal
        ck.wrong_type(line, key, _("een bedrag in euro"), value)
        return None
    if amount < 0 or amount > COST_AMOUNT_MAX:
        ck.add(line, key, _("Het bedrag moet tussen 0 en %(max)s euro liggen.") % {"max": COST_AMOUNT_MAX})
        return None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        ck.add(line, key, _("Hoogstens twee cijfers na de komma (eurocent)."))
        return None
    return amount.quantize(Decimal("0.01"))


def _check_phone(ck: _Checker, value: Any, where: Locator, line: int) -> dict[str, Any] | None:
    if value is None:
        return {}
    if not isinstance(value, dict):
        ck.wrong_type(line, "phone_script", _("een mapping met questions, steps, transfer, notes"), value)
        return None
    nodes = {str(k): (where.key_line(str(k)), where.child(str(k))) for k in value}
    out: dict[str, Any] = {}
    ok = True
    for key in value:
        if key not in PHONE_KEYS:
            ck.add(nodes.get(str(key), (line, None))[0], f"phone_script.{key}",
                   _("Onbekende sleutel in phone_script: kies uit %(keys)s.") % {"keys": ", ".join(PHONE_KEYS)})
            ok = False
    for key in ("questions", "steps"):
        if value.get(key) is None:
            out[key] = ()
            continue
        key_line, sub_where = nodes[key]
        pairs = ck.text_list(value[key], sub_where, key_line, f"phone_script.{key}", max_length=1000)
        if pairs is None:
            ok = False
        else:
            out[key] = tuple(v for v, _l in pairs)
    for key, max_length, single in (("transfer", PHONE_TRANSFER_MAX, True), ("notes", None, False)):
        if value.get(key) is None:
            out[key] = ""
            continue
        checked = ck.text(value[key], nodes[key][0], f"phone_script.{key}", max_length=max_length,
                          single_line=single)
        if checked is None:
            ok = False
        else:
            out[key] = checked
    return out if ok else None


def _check_date(ck: _Checker, value: Any, line: int, key: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        ck.wrong_type(line, key, _("een datum (JJJJ-MM-DD)"), value)
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            ck.add(line, key, _("Ongeldige datum '%(value)s': gebruik JJJJ-MM-DD.") % {"value": value})
            return None
    if not isinstance(value, dt.date):
        ck.wrong_type(line, key, _("een datum (JJJJ-MM-DD)"), value)
        return None
    if not REVIEWED_MIN <= value <= REVIEWED_MAX:
        ck.add(line, key, _("De datum %(value)s ligt niet tussen %(min)s en %(max)s.")
               % {"value": value.isoformat(), "min": REVIEWED_MIN.isoformat(), "max": REVIEWED_MAX.isoformat()})
        return None
    return value


def build_record(entries: list[Field], *, file_stem: str, first_line: int = 2) -> RecordResult:
    """Validate the entries of one file (named ``<file_stem>.md``) into a record."""
    ck = _Checker(first_line)
    by_key = {e.key: e for e in entries}
    result = RecordResult(record=None, problems=ck.problems, key_lines={e.key: e.line for e in entries})

    for entry in entries:
        if entry.key not in KEY_ORDER:
            ck.add(entry.line, entry.key, _("Onbekende sleutel. Toegelaten: %(keys)s.")
                   % {"keys": ", ".join(KEY_ORDER)})
    for key in REQUIRED_KEYS:
        if key not in by_key:
            ck.add(first_line, key, _("Verplichte sleutel ontbreekt."))

    fields: dict[str, Any] = {}
    ok = True

    def get(key: str) -> Field | None:
        entry = by_key.get(key)
        return entry if entry is not None and entry.value is not None else None

    # Required scalars.
    if (e := by_key.get("id")) is not None:
        value = ck.text(e.value, e.line, "id", required=True)
        if value is not None and not EXTERNAL_ID_RE.match(value):
            ck.add(e.line, "id", _("Ongeldige id '%(value)s': enkel kleine letters, cijfers en koppeltekens "
                                   "(1 tot 100 tekens).") % {"value": value})
            value = None
        elif value is not None and value != file_stem:
            ck.add(e.line, "id", _("De id '%(id)s' hoort bij bestand '%(id)s.md', niet bij '%(file)s.md'.")
                   % {"id": value, "file": file_stem})
            value = None
        fields["external_id"] = value
    if (e := by_key.get("type")) is not None:
        fields["item_type"] = ck.choice(e.value, e.line, "type", ITEM_TYPES)
    if (e := by_key.get("title")) is not None:
        fields["title"] = ck.text(e.value, e.line, "title", max_length=TITLE_MAX, required=True, single_line=True)
    if (e := by_key.get("short_answer")) is not None:
        fields["short_answer"] = ck.text(e.value, e.line, "short_answer", max_length=SHORT_ANSWER_MAX,
                                         required=True)

    # Optional keys: an absent key or an empty value (``key:``) means "not set".
    for key, target in (("themes", "themes"), ("life_events", "life_events"), ("keywords", "keywords"),
                        ("related", "related"), ("service_points", "service_points"), ("audience", "audiences")):
        if (e := get(key)) is None:
            continue
        choices = list(AUDIENCE_FROM_EXCHANGE) if key == "audience" else None
        pairs = ck.text_list(e.value, e.where, e.line, key, max_length=NAME_MAX.get(key, KEYWORD_MAX),
                             choices=choices)
        if pairs is None:
            ok = False
            continue
        if key == "related":
            seen: set[str] = set()
            for value, line in pairs:
                if not EXTERNAL_ID_RE.match(value):
                    ck.add(line, "related", _("Ongeldige id '%(value)s' in related.") % {"value": value})
                    ok = False
                elif value in seen:
                    ck.add(line, "related", _("'%(value)s' staat twee keer in related.") % {"value": value})
                    ok = False
                elif value == file_stem:
                    ck.add(line, "related", _("Een item kan niet naar zichzelf verwijzen."))
                    ok = False
                seen.add(value)
            result.related_lines = [line for _v, line in pairs]
        if key in ("themes", "life_events", "service_points"):
            for value, line in pairs:
                result.name_lines.setdefault((key, value), line)
        if key == "audience":  # the exchange format writes Dutch words; the database stores the codes
            fields[target] = tuple(AUDIENCE_FROM_EXCHANGE[v] for v, _l in pairs)
            continue
        fields[target] = tuple(v for v, _l in pairs)
    if (e := get("visibility")) is not None:
        fields["visibility"] = ck.choice(e.value, e.line, "visibility", VISIBILITIES)
    if (e := get("owner")) is not None:
        owner = ck.text(e.value, e.line, "owner", max_length=NAME_MAX["owner"], required=True, single_line=True)
        fields["owner"] = owner.strip() if owner is not None else None
        if owner is not None:
            result.name_lines[("owner", owner.strip())] = e.line
    if (e := get("review_interval_months")) is not None:
        value = e.value
        if isinstance(value, bool) or not isinstance(value, int):
            ck.wrong_type(e.line, "review_interval_months", _("een geheel getal (maanden)"), value)
            fields["review_interval_months"] = None
        elif not 1 <= value <= REVIEW_INTERVAL_MAX_MONTHS:
            ck.add(e.line, "review_interval_months", _("Moet tussen 1 en %(max)s maanden liggen.")
                   % {"max": REVIEW_INTERVAL_MAX_MONTHS})
            fields["review_interval_months"] = None
        else:
            fields["review_interval_months"] = value
    if (e := get("last_reviewed")) is not None:
        fields["last_reviewed"] = _check_date(ck, e.value, e.line, "last_reviewed")
    if (e := get("appointment_required")) is not None:
        if not isinstance(e.value, bool):
            ck.wrong_type(e.line, "appointment_required", _("true of false"), e.value)
            ok = False
        else:
            fields["appointment_required"] = e.value
    if (e := get("product_type")) is not None:
        if not isinstance(e.value, str) or e.value not in ProductType.values:
            ck.add(e.line, "product_type", _("Onbekend soort product '%(value)s': kies uit %(choices)s.")
                   % {"value": e.value, "choices": ", ".join(ProductType.values)})
            ok = False
        else:
            fields["product_type"] = e.value
    if (e := get("online_url")) is not None:  # shorthand for one action; its kind is guessed from the address
        url = _check_url(ck, e.value, e.line, "online_url")
        if url is None:
            ok = False
        elif get("actions") is not None:
            ck.add(e.line, "online_url", _("Gebruik 'actions' of 'online_url', niet allebei."))
            ok = False
        else:
            fields["actions"] = (ActionItem(guess_action_kind(url), url),)
    if (e := get("actions")) is not None:
        actions = _check_actions(ck, e.value, e.where, e.line)
        if actions is None:
            ok = False
        else:
            fields["actions"] = actions
    if (e := get("cost")) is not None:
        cost = _check_cost(ck, e.value, e.where, e.line)
        if cost is None:
            ok = False
        else:
            fields["cost"] = cost
    if (e := get("phone_script")) is not None:
        phone = _check_phone(ck, e.value, e.where, e.line)
        if phone is None:
            ok = False
        else:
            fields.update(phone_questions=phone.get("questions", ()), phone_steps=phone.get("steps", ()),
                          phone_transfer=phone.get("transfer", ""), phone_notes=phone.get("notes", ""))

    if fields.get("item_type") == ItemType.FICHE:
        for key in sorted(PRODUCT_ONLY_KEYS & by_key.keys()):
            ck.add(by_key[key].line, key, _("Deze sleutel hoort enkel bij producten (type: product)."))

    # Every None above came with a problem; a missing required key too.
    if ck.problems or not ok:
        return result
    result.record = ItemRecord(**fields)
    return result
