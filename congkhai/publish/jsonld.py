"""schema.org JSON-LD for search engines and other machines: a `GovernmentService` on each procedure page and a
`GovernmentOrganization` on the home page, inline as <script type="application/ld+json">.

    jsonld.procedure_script(site, entry, "thu-tuc/cap-giay-phep/", site_url="")   # Markup, or "" for a retired one

What a procedure says (https://schema.org/GovernmentService):
- name, identifier (the national code), description (the summary), serviceType (the lĩnh vực), url (the page);
- provider: the department as a GovernmentOrganization (address, telephone, e-mail, its page);
- areaServed and jurisdiction: the province, an AdministrativeArea;
- audience: the applicants (đối tượng thực hiện);
- offers: the fees in force on the build date, as the fee table shows them: a fixed amount is an Offer with its
  price and priceCurrency (VND for đồng); a table of cases is one Offer per case; a rate (percent, or words) is an
  Offer with its rate in words (and the minimum and maximum as a PriceSpecification); no fee at all is one Offer of
  price 0 ("Không thu phí, lệ phí");
- availableChannel: one ServiceChannel per way to submit; the online one's serviceUrl is the procedure's own
  `online_url`, else the department's online portal (where the page's button leads); the direct one has the
  receiving address and the one-stop desk's phone.
Abolished and replaced procedures keep their page, but not this block: the service is no longer offered.

The script is data, never run: json.dumps of the records with every "<", ">" and "&" written as \\u003c, \\u003e,
\\u0026, so nothing a staff member types ("</script>", "<!--") can end the element or change how the page parses.
Addresses are absolute when the site's address is known (mkdocs.yml `site_url`), else relative to the page.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..common.text import tel_uri
from ..content.site import ProcedureEntry, Site
from ..content.vocab import Channel, Currency
from ..derive.listings import fees_in_force
from .addresses import site_address

CONTEXT = "https://schema.org"
CURRENCY = {Currency.VND: "VND", Currency.USD: "USD", Currency.EUR: "EUR"}


def script(data: dict) -> Markup:
    """`data` as an inline JSON-LD element that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _phone(phone: str) -> str:
    return tel_uri(phone).removeprefix("tel:")


def _area(site: Site) -> dict:
    return {"@type": "AdministrativeArea", "name": site.department.province}


def organization(site: Site, page_url: str, site_url: str = "", full: bool = True) -> dict:
    """The department as a schema.org GovernmentOrganization; `full` adds its contact points and parent body."""
    d = site.department
    out: dict = {"@context": CONTEXT} if full else {}
    out.update({"@type": "GovernmentOrganization", "name": d.name})
    if full:
        names = [d.short_name] + ([d.name_en] if getattr(d, "name_en", None) else [])
        out["alternateName"] = names if len(names) > 1 else names[0]
    out.update({
        "url": site_address(site_url, "", page_url),
        "address": {"@type": "PostalAddress", "streetAddress": d.address, "addressRegion": d.province,
                    "addressCountry": "VN"},
        "telephone": _phone(d.phone),
        "email": d.email,
    })
    if not full:
        return out
    out["areaServed"] = _area(site)
    if d.parent:
        out["parentOrganization"] = {"@type": "GovernmentOrganization", "name": d.parent}
    desk = {"@type": "ContactPoint", "contactType": d.desk.name, "telephone": _phone(d.desk.phone),
            "description": f"{d.desk.address}. {d.desk.hours}", "areaServed": _area(site)}
    if d.desk.email:
        desk["email"] = d.desk.email
    feedback = {"@type": "ContactPoint", "contactType": "Tiếp nhận phản ánh, kiến nghị về thủ tục hành chính",
                "name": d.feedback.agency, "telephone": _phone(d.feedback.phone), "email": d.feedback.email,
                "description": d.feedback.postal_address}
    out["contactPoint"] = [desk, feedback]
    if d.website and d.website.startswith(("http://", "https://")):
        out["sameAs"] = d.website
    return out


def _offers(site: Site, entry: ProcedureEntry) -> list[dict]:
    offers = []
    for _, fee in fees_in_force(site, entry):
        base = {"@type": "Offer", "name": fee.name, "category": fee.kind.label}
        if fee.amount is not None:
            offers.append({**base, "price": fee.amount, "priceCurrency": CURRENCY[fee.currency],
                           "description": fee.rate_text()})
        elif fee.cases:
            offers += [{**base, "name": f"{fee.name}: {case.case}", "price": case.amount, "priceCurrency": "VND"}
                       for case in fee.cases]
        else:  # a rate in percent, or in words: no one price
            offer = {**base, "description": fee.rate_text()}
            if fee.minimum is not None or fee.maximum is not None:
                spec = {"@type": "PriceSpecification", "priceCurrency": "VND"}
                if fee.minimum is not None:
                    spec["minPrice"] = fee.minimum
                if fee.maximum is not None:
                    spec["maxPrice"] = fee.maximum
                offer["priceSpecification"] = spec
            offers.append(offer)
    return offers or [{"@type": "Offer", "name": "Không thu phí, lệ phí", "price": 0, "priceCurrency": "VND"}]


def _channels(site: Site, entry: ProcedureEntry) -> list[dict]:
    p, d = entry.record, site.department
    out = []
    for c in p.channels or []:
        channel = {"@type": "ServiceChannel", "name": c.channel.label}
        if c.channel is Channel.ONLINE:
            url = p.online_url or d.online_portal
            if url:
                channel["serviceUrl"] = url
        elif c.channel is Channel.DIRECT:
            channel["serviceLocation"] = {"@type": "Place", "name": d.desk.name,
                                          "address": p.receiving_address or d.desk.address}
            channel["servicePhone"] = {"@type": "ContactPoint", "telephone": _phone(d.desk.phone)}
        elif c.channel is Channel.POSTAL:
            channel["servicePostalAddress"] = {"@type": "PostalAddress",
                                               "streetAddress": p.receiving_address or d.desk.address,
                                               "addressRegion": d.province, "addressCountry": "VN"}
        out.append(channel)
    return out


def procedure(site: Site, entry: ProcedureEntry, page_url: str, site_url: str = "") -> dict | None:
    """The procedure as a schema.org GovernmentService, or None when it no longer applies."""
    p = entry.record
    if not p.is_current:
        return None
    out: dict = {"@context": CONTEXT, "@type": "GovernmentService", "name": p.name, "identifier": p.code,
                 "url": site_address(site_url, entry.url, page_url)}
    if p.summary:
        out["description"] = p.summary
    field = site.fields.get(p.field)
    if field is not None:
        out["serviceType"] = field.name
    out["provider"] = organization(site, page_url, site_url, full=False)
    out["areaServed"] = _area(site)
    out["jurisdiction"] = _area(site)
    out["audience"] = [{"@type": "Audience", "audienceType": a} for a in p.applicants]
    out["offers"] = _offers(site, entry)
    channels = _channels(site, entry)
    if channels:
        out["availableChannel"] = channels
    return out


# plain str, not Markup: a page's HTML (a str) + Markup would escape the page (Markup.__radd__)
def procedure_script(site: Site, entry: ProcedureEntry, page_url: str, site_url: str = "") -> str:
    data = procedure(site, entry, page_url, site_url)
    return str(script(data)) if data else ""


def home_script(site: Site, page_url: str, site_url: str = "") -> str:
    return str(script(organization(site, page_url, site_url)))


__all__ = ["home_script", "organization", "procedure", "procedure_script", "script"]
