"""schema.org structured data: GovernmentService for products, FAQPage for kennisfiches, GovernmentOffice for
service points (with ``openingHoursSpecification`` and ``specialOpeningHoursSpecification`` for holidays,
closings and extra openings; a closed day is ``opens`` = ``closes`` = ``00:00``, as schema.org documents)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from kennisbank import opening
from kennisbank.identity import base_url, identity
from kennisbank.markdown import markdown_to_text
from kennisbank.models import ContentPage, ServicePoint
from kennisbank.vocabulary import ItemType

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def structured_data(page: ContentPage, request: HttpRequest | None = None) -> dict[str, Any]:
    """The JSON-LD object for a product or fiche (public fields only)."""
    url = page.get_full_url(request) or ""
    provider = organization_data()
    if page.item_type == ItemType.PRODUCT:
        data: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "GovernmentService", "name": page.title,
            "description": page.short_answer, "url": url, "provider": provider, "serviceOperator": provider,
            "areaServed": {"@type": "AdministrativeArea", "name": identity().city or provider["name"]},
            "availableChannel": _channels(page, url, request),
        }
        themes = [t.name for t in page.themes.all()]
        if themes:
            data["category"] = themes
        offers = [{"@type": "Offer", "name": line.label, "price": f"{line.amount:.2f}", "priceCurrency": "EUR",
                   **({"description": line.note} if line.note else {})} for line in page.cost_lines.all()]
        if offers:
            data["offers"] = offers
        return data
    answer = " ".join([page.short_answer, markdown_to_text("\n\n".join(s["text"] for s in page.sections()))]).strip()
    return {
        "@context": "https://schema.org", "@type": "FAQPage", "url": url,
        "mainEntity": [{"@type": "Question", "name": page.title,
                        "acceptedAnswer": {"@type": "Answer", "text": answer}}],
    }


def organization_data() -> dict[str, Any]:
    """The municipality (site settings, :mod:`kennisbank.identity`) as a schema.org ``GovernmentOrganization``."""
    who = identity()
    data: dict[str, Any] = {"@type": "GovernmentOrganization", "name": who.name}
    if who.full_address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": who.address, "postalCode": who.postal_code,
                           "addressLocality": who.city, "addressCountry": "BE"}
    for key, value in (("telephone", who.phone), ("email", who.email), ("logo", who.logo_url),
                       ("url", base_url())):
        if value:
            data[key] = value
    identifiers = [{"@type": "PropertyValue", "propertyID": name, "value": value}
                   for name, value in (("NIS", who.nis_code), ("KBO", who.kbo_number)) if value]
    if identifiers:
        data["identifier"] = identifiers
    same_as = [*([who.administrative_unit] if who.administrative_unit else []), *who.same_as]
    if same_as:
        data["sameAs"] = same_as
    return data


DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _hours_spec(block: opening.Block, day_of_week: str | None = None, on: dt.date | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"@type": "OpeningHoursSpecification", "opens": f"{block.opens:%H:%M}",
                            "closes": f"{block.closes:%H:%M}", "description": block.mode_label}
    if day_of_week:
        spec["dayOfWeek"] = f"https://schema.org/{day_of_week}"
    if on is not None:
        spec["validFrom"] = spec["validThrough"] = on.isoformat()
    return spec


def office_data(point: ServicePoint) -> dict[str, Any]:
    """A service point as a schema.org ``GovernmentOffice`` (an online counter as a ``ServiceChannel``)."""
    if point.is_online:
        return {"@type": "ServiceChannel", "name": point.name, "serviceUrl": point.url, "availableLanguage": "nl"}
    data: dict[str, Any] = {"@type": "GovernmentOffice", "name": point.name}
    if point.full_address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": point.address,
                           "postalCode": point.postal_code, "addressLocality": point.city, "addressCountry": "BE"}
    if point.latitude is not None and point.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(point.latitude),
                       "longitude": float(point.longitude)}
    for key, value in (("telephone", point.phone), ("email", point.email), ("url", point.url)):
        if value:
            data[key] = value
    data["openingHoursSpecification"] = [
        _hours_spec(block, DAYS[index]) for index, (_name, blocks) in enumerate(opening.regular_week(point))
        for block in blocks]
    special = []
    for day in opening.special_days(point):
        if day.closed:
            special.append({"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00",
                            "validFrom": day.date.isoformat(), "validThrough": day.date.isoformat(),
                            "description": day.note})
        special.extend(_hours_spec(block, on=day.date) for block in day.blocks)
    if special:
        data["specialOpeningHoursSpecification"] = special
    return data


def offices_data(points: list[ServicePoint], request: HttpRequest | None = None) -> dict[str, Any]:
    """The contact page's JSON-LD: the municipality with every service point."""
    prefetch_related_objects(points, "hours", "exceptions")
    return {"@context": "https://schema.org", "@graph": [
        {**organization_data(), "department": [office_data(point) for point in points if not point.is_online]},
        *[office_data(point) for point in points if point.is_online]]}


def _channels(page: ContentPage, url: str, request: HttpRequest | None) -> list[dict[str, Any]]:
    points = list(page.service_points.all())
    prefetch_related_objects(points, "hours", "exceptions")
    channels: list[dict[str, Any]] = []
    if page.online_url:
        channels.append({"@type": "ServiceChannel", "serviceUrl": page.online_url, "availableLanguage": "nl"})
    for point in points:
        if point.is_online:
            if not page.online_url:
                channels.append(office_data(point))
            continue
        channels.append({"@type": "ServiceChannel", "name": point.name, "availableLanguage": "nl",
                         "serviceLocation": office_data(point)})
    return channels or [{"@type": "ServiceChannel", "serviceUrl": url, "availableLanguage": "nl"}]


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """A ``<script type="application/ld+json">`` element; ``<``, ``>`` and ``&`` are escaped."""
    payload = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 - escaped above
