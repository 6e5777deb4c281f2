"""The facts people act on — schemes, brands and their domains, apps, menu paths — are complete,
trilingual, well-formed and faithful to the seed documents.

Each file is validated on its own (validate_file), so these tests do not depend on the files
other modules own (signals, lexicons).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from saqbol.kb.banks import fold
from saqbol.kb.loader import data_dir, validate_file
from saqbol.kb.models import (
    LANGS,
    SCHEME_IDS,
    SITUATION_IDS,
    App,
    Bank,
    Brand,
    Contacts,
    MenuPath,
    Scheme,
    Source,
    Thresholds,
)

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILES = {
    "000": "000_e9479cd67dd6b5a4.txt",
    "001": "001_0a01c6890e5922c6.txt",
    "002": "002_90dafc817651dafc.txt",
    "003": "003_76ab8ed8da60bb35.txt",
    "004": "004_dc1a3b96ddc6faa0.txt",
}
# The dates the seeds print (000 and 002 carry none).
SEED_DATES = {"001": dt.date(2025, 4, 3), "003": dt.date(2024, 1, 25), "004": dt.date(2023, 6, 23)}

PLAYBOOK_IDS = set(SITUATION_IDS)
KK_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
HOSTNAME = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _seed_text(seed: str) -> str:
    path = SEEDS_DIR / SEED_FILES[seed]
    if not path.exists():
        pytest.skip("shared/seeds is not beside the repository")
    return " ".join(path.read_text(encoding="utf-8").split())


# ------------------------------------------------------------------------------- loading

SCHEMES: list[Scheme] = validate_file(data_dir() / "schemes.yaml", list[Scheme])
BRANDS: list[Brand] = validate_file(data_dir() / "brands.yaml", list[Brand])
APPS: list[App] = validate_file(data_dir() / "apps.yaml", list[App])
MENU_PATHS: list[MenuPath] = validate_file(data_dir() / "menu_paths.yaml", list[MenuPath])
CONTACTS: Contacts = validate_file(data_dir() / "contacts.yaml", Contacts)
SCHEME_BY_ID = {s.id: s for s in SCHEMES}
BRAND_BY_ID = {b.id: b for b in BRANDS}
MENU_BY_ID = {m.id: m for m in MENU_PATHS}


def _all_sources() -> list[tuple[str, Source]]:
    out: list[tuple[str, Source]] = []
    out += [(f"schemes.yaml:{s.id}", src) for s in SCHEMES for src in s.sources]
    out += [(f"brands.yaml:{b.id}", src) for b in BRANDS for src in b.sources]
    out += [(f"apps.yaml:{a.name}", a.source) for a in APPS]
    out += [(f"menu_paths.yaml:{m.id}", m.source) for m in MENU_PATHS]
    return out


# -------------------------------------------------------------------------------- schemes


def test_exactly_the_twelve_scheme_ids_once_each() -> None:
    ids = [s.id for s in SCHEMES]
    assert sorted(ids) == sorted(SCHEME_IDS)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_scheme_complete_in_every_language(scheme_id: str, lang: str) -> None:
    s = SCHEME_BY_ID[scheme_id]
    assert s.name.get(lang).strip()
    sentences = [x for x in re.split(r"(?<=[.!?])\s+", s.description.get(lang).strip()) if x]
    assert 2 <= len(sentences) <= 4, (scheme_id, lang, len(sentences))
    assert 4 <= len(s.red_flags.get(lang)) <= 8
    assert 3 <= len(s.recognize.get(lang)) <= 6
    assert 3 <= len(s.what_to_do.get(lang)) <= 6
    for item in [*s.red_flags.get(lang), *s.recognize.get(lang), *s.what_to_do.get(lang)]:
        assert item.strip() == item and item, (scheme_id, lang, item)


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_scheme_lists_are_parallel_across_languages(scheme_id: str) -> None:
    s = SCHEME_BY_ID[scheme_id]
    for field in ("red_flags", "recognize", "what_to_do"):
        sizes = {lang: len(getattr(s, field).get(lang)) for lang in LANGS}
        assert len(set(sizes.values())) == 1, (scheme_id, field, sizes)


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_scheme_text_is_in_its_language(scheme_id: str) -> None:
    s = SCHEME_BY_ID[scheme_id]
    kk = " ".join([s.description.kk, *s.red_flags.kk, *s.what_to_do.kk])
    ru = " ".join([s.description.ru, *s.red_flags.ru, *s.what_to_do.ru])
    en = " ".join([s.name.en, s.description.en, *s.red_flags.en, *s.recognize.en, *s.what_to_do.en])
    assert KK_LETTERS & set(kk), "Kazakh text without ә ғ қ ң ө ұ ү һ і"
    assert not KK_LETTERS & set(ru), "Russian text with Kazakh-only letters"
    assert CYRILLIC.search(ru)
    assert not CYRILLIC.search(en), "English text with Cyrillic letters"


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
def test_scheme_playbook_is_known(scheme_id: str) -> None:
    assert SCHEME_BY_ID[scheme_id].playbook in PLAYBOOK_IDS


@pytest.mark.parametrize(
    ("scheme_id", "playbook"),
    [
        ("employee_impersonation", "told_code"),
        ("account_takeover", "messenger_hijacked"),
        ("malware_remote_access", "installed_remote_app"),
        ("fake_shop_marketplace", "paid_fake_seller"),
        ("loan_grant_study", "loan_in_my_name"),
        ("relative_in_trouble", "transferred_money"),
        ("phishing_sms", "gave_card_data"),
    ],
)
def test_scheme_playbook_choice(scheme_id: str, playbook: str) -> None:
    assert SCHEME_BY_ID[scheme_id].playbook == playbook


OFFICIAL_CONTACTS = ("102", "qamqor.gov.kz", "116", "1477", "1400", "1459", "pki.gov.kz", "1cb.kz")


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_what_to_do_names_a_real_contact(scheme_id: str, lang: str) -> None:
    text = " ".join(SCHEME_BY_ID[scheme_id].what_to_do.get(lang))
    assert any(re.search(rf"(?<![\w.]){re.escape(c)}(?![\w])", text) for c in OFFICIAL_CONTACTS)


@pytest.mark.parametrize("scheme_id", SCHEME_IDS)
@pytest.mark.parametrize("lang", LANGS)
def test_bank_numbers_quoted_in_advice_match_contacts(scheme_id: str, lang: str) -> None:
    """'Kaspi – 9999' in a scheme's advice is Kaspi's card-blocking number in contacts.yaml."""
    text = " ".join(SCHEME_BY_ID[scheme_id].what_to_do.get(lang))
    for name, number in re.findall(r"([A-Z][\w ]*?) – (\d{3,4})\b", text):
        banks = [b for b in CONTACTS.banks if fold(name) in {fold(a) for a in [b.name, *b.aliases]}]
        assert banks, f"unknown bank {name!r} in {scheme_id}/{lang}"
        assert number in {n.dial for n in banks[0].card_block}, (name, number)


def test_numbers_in_advice_are_official() -> None:
    """Every 3-4 digit number a scheme tells people to call is a hotline or a bank's number."""
    known = {h.number for h in CONTACTS.hotlines}
    known |= {n.dial for b in CONTACTS.banks for n in b.card_block}
    for s in SCHEMES:
        for lang in LANGS:
            for item in s.what_to_do.get(lang):
                for number in re.findall(r"(?<![\w.,–-])(\d{3,4})(?![\w.,–-]*\d)", item):
                    assert number in known, (s.id, lang, number)


@pytest.mark.parametrize(
    ("scheme_id", "seeds"),
    [
        ("employee_impersonation", {"000"}),
        ("relative_in_trouble", {"000"}),
        ("phishing_sms", {"000"}),
        ("malware_remote_access", {"000", "001"}),
        ("fake_shop_marketplace", {"000", "003"}),
        ("investment_easy_income", {"000"}),
        ("fake_charity", {"000"}),
        ("prize_lottery", {"000"}),
        ("fake_job", {"000"}),
        ("account_takeover", {"001"}),
        ("loan_grant_study", {"003"}),
        ("kazcoins_helper", {"004"}),
    ],
)
def test_scheme_cites_its_seeds(scheme_id: str, seeds: set[str]) -> None:
    assert seeds <= {src.seed for src in SCHEME_BY_ID[scheme_id].sources}


@pytest.mark.parametrize(
    ("where", "src"), [pytest.param(w, s, id=f"{w}:{s.seed or 'ref'}") for w, s in _all_sources()]
)
def test_seed_dates_are_the_seeds_own(where: str, src: Source) -> None:
    if src.seed in SEED_DATES:
        assert src.date == SEED_DATES[src.seed], where
    elif src.seed is not None:
        assert src.date is None, f"{where}: seed {src.seed} prints no date"


def test_remote_apps_named_in_the_malware_scheme() -> None:
    s = SCHEME_BY_ID["malware_remote_access"]
    for lang in LANGS:
        text = s.description.get(lang) + " ".join(s.red_flags.get(lang))
        for app in ("NoToDesk", "RustDesk", "RUDesktop", "AnyDesk", "TeamViewer"):
            assert app in text, (lang, app)


def test_kazcoins_scheme_keeps_the_seed_facts() -> None:
    s = SCHEME_BY_ID["kazcoins_helper"]
    for lang in LANGS:
        text = " ".join([s.description.get(lang), *s.recognize.get(lang)])
        assert "kazcoins.nationalbank.kz" in text
        assert "11.4" in text


# --------------------------------------------------------------------------------- brands


def _all_domains() -> list[tuple[str, str]]:
    return [(b.id, d) for b in BRANDS for d in b.domains]


@pytest.mark.parametrize(("brand_id", "domain"), _all_domains())
def test_brand_domain_is_a_lowercase_hostname(brand_id: str, domain: str) -> None:
    assert domain == domain.strip().lower(), (brand_id, domain)
    assert HOSTNAME.match(domain), (brand_id, domain)
    assert not domain.startswith("www."), (brand_id, domain)


def test_brand_ids_and_domains_unique() -> None:
    ids = [b.id for b in BRANDS]
    assert len(ids) == len(set(ids))
    domains = [d for _, d in _all_domains()]
    assert len(domains) == len(set(domains)), "a domain is claimed by two brands"


@pytest.mark.parametrize("brand", BRANDS, ids=lambda b: b.id)
def test_brand_keywords_and_numbers_are_clean(brand: Brand) -> None:
    assert brand.keywords, brand.id
    for kw in brand.keywords:
        assert kw == kw.strip().lower() and len(kw) >= 3, (brand.id, kw)
    assert len(set(brand.keywords)) == len(brand.keywords), brand.id
    for n in brand.short_numbers:
        assert re.fullmatch(r"\d{3,4}", n), (brand.id, n)


@pytest.mark.parametrize("bank", CONTACTS.banks, ids=lambda b: b.id)
def test_every_bank_of_contacts_is_a_brand(bank: Bank) -> None:
    brand = BRAND_BY_ID.get(bank.id)
    assert brand is not None and brand.kind == "bank", bank.id
    assert set(bank.domains) <= set(brand.domains)
    short = {n.dial for n in bank.card_block if re.fullmatch(r"\d{3,4}", n.dial)}
    assert short <= set(brand.short_numbers), bank.id
    assert "000" in {s.seed for s in brand.sources}


# Domains and numbers the seeds themselves print: a brand whose domains are all here needs no ref.
SEED_GIVEN = {
    "kaspi.kz": "000",
    "qamqor.gov.kz": "000",
    "egov.kz": "002",
    "pki.gov.kz": "002",
    "1cb.kz": "002",
    "nationalbank.kz": "001",
    "kazcoins.nationalbank.kz": "004",
    "olx.kz": "003",
    "krisha.kz": "003",
    "instagram.com": "000",
    "citizensec.kz": "002",
    "akt.prokuror.kz": "003",
}


@pytest.mark.parametrize("brand", BRANDS, ids=lambda b: b.id)
def test_domains_not_in_the_seeds_have_a_ref(brand: Brand) -> None:
    outside = [d for d in brand.domains if d not in SEED_GIVEN]
    if outside:
        assert any(s.ref for s in brand.sources), (brand.id, outside)


@pytest.mark.parametrize(("domain", "seed"), SEED_GIVEN.items())
def test_seed_given_domains_really_are_in_the_seed(domain: str, seed: str) -> None:
    assert domain in _seed_text(seed).lower()


@pytest.mark.parametrize(
    ("brand_id", "domains", "keywords"),
    [
        ("kaspi", {"kaspi.kz"}, {"kaspi", "каспи"}),
        ("halyk", {"halykbank.kz", "homebank.kz"}, {"halyk", "халык"}),
        ("egov", {"egov.kz"}, {"egov", "егов"}),
        ("qazpost", {"post.kz", "kazpost.kz"}, {"qazpost", "kazpost", "казпочта"}),
        ("nationalbank", {"nationalbank.kz", "kazcoins.nationalbank.kz"}, {"nationalbank"}),
        ("e_salyk", {"kgd.gov.kz", "cabinet.salyk.kz"}, {"e-salyk"}),
        ("wildberries", {"wildberries.kz", "wildberries.ru", "wb.ru"}, {"wildberries"}),
        ("telegram", {"telegram.org", "t.me"}, {"telegram"}),
        ("whatsapp", {"whatsapp.com", "wa.me", "whatsapp.net"}, {"whatsapp"}),
        ("olx", {"olx.kz"}, {"olx"}),
        ("krisha", {"krisha.kz"}, {"krisha"}),
        ("kolesa", {"kolesa.kz"}, {"kolesa"}),
        ("temu", {"temu.com"}, {"temu"}),
        ("kcell", {"kcell.kz", "activ.kz"}, {"kcell"}),
        ("tele2_altel", {"tele2.kz", "altel.kz"}, {"tele2", "altel"}),
        ("beeline", {"beeline.kz"}, {"beeline"}),
        ("enpf", {"enpf.kz"}, {"enpf"}),
        ("gov_kz", {"gov.kz"}, {"gov.kz"}),
        ("qamqor", {"qamqor.gov.kz"}, {"qamqor"}),
        ("first_credit_bureau", {"1cb.kz"}, {"1cb"}),
        ("pki", {"pki.gov.kz"}, {"pki"}),
    ],
)
def test_key_brands(brand_id: str, domains: set[str], keywords: set[str]) -> None:
    brand = BRAND_BY_ID[brand_id]
    assert domains <= set(brand.domains)
    assert keywords <= set(brand.keywords)


def test_official_short_numbers_of_state_bodies() -> None:
    assert "1414" in BRAND_BY_ID["egov"].sender_ids
    assert "1414" in BRAND_BY_ID["egov"].short_numbers
    assert "1477" in BRAND_BY_ID["nationalbank"].short_numbers
    assert "1459" in BRAND_BY_ID["ardfm"].short_numbers
    assert "1400" in BRAND_BY_ID["kz_cert"].short_numbers


# ----------------------------------------------------------------------------------- apps

SEED_001_APPS = ["NoToDesk", "RustDesk", "RUDesktop", "AnyDesk", "TeamViewer"]


@pytest.mark.parametrize("name", SEED_001_APPS)
def test_seed_001_remote_apps_present(name: str) -> None:
    (app,) = [a for a in APPS if a.name == name]
    assert app.kind == "remote_access"
    assert app.source.seed == "001" and app.source.date == dt.date(2025, 4, 3)


def test_seed_001_really_names_the_apps() -> None:
    text = _seed_text("001")
    assert "NoToDesk, RustDesk, RUDesktop, AnyDesk, TeamViewer" in text


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Эни деск", "AnyDesk"),
        ("анидеск", "AnyDesk"),
        ("any desk", "AnyDesk"),
        ("тимвьювер", "TeamViewer"),
        ("rust desk", "RustDesk"),
        ("раст деск", "RustDesk"),
        ("ру десктоп", "RUDesktop"),
        ("нотодеск", "NoToDesk"),
        ("квик саппорт", "TeamViewer QuickSupport"),
        ("айрдроид", "AirDroid"),
        ("плей маркет", "Google Play"),
        ("апп стор", "App Store"),
    ],
)
def test_app_aliases(typed: str, name: str) -> None:
    hits = [a.name for a in APPS if fold(typed) in {fold(x) for x in [a.name, *a.aliases]}]
    assert hits == [name]


def test_app_aliases_unambiguous_and_sourced() -> None:
    seen: dict[str, str] = {}
    for app in APPS:
        for alias in [app.name, *app.aliases]:
            key = fold(alias)
            assert seen.setdefault(key, app.name) == app.name, f"{alias!r} names two apps"
        if app.source.seed is None:
            assert app.source.ref and app.source.ref.startswith("https://"), app.name


@pytest.mark.parametrize(
    ("name", "seed"), [("Google Play", "000"), ("App Store", "000"), ("AppGallery", None)]
)
def test_official_stores(name: str, seed: str | None) -> None:
    (app,) = [a for a in APPS if a.name == name]
    assert app.kind == "official_store"
    assert app.source.seed == seed


def test_seed_000_names_the_stores() -> None:
    assert "(Play Market, App Store)" in _seed_text("000")


# ----------------------------------------------------------------------------- menu paths

# The seed's Kazakh menu and button names, verbatim, per menu path.
SEED_002_NAMES = {
    "stop_credit_portal": [
        "«Экономика және қаржы»",
        "«Банктік қарыздар мен микронесиелерді алудан өз еркімен бас тарту»",
        "NCA Layer",
    ],
    "stop_credit_mobile": [
        "«Мемлекеттік қызметтер»",
        "«Салықтар және қаржы»",
        "«Банк несиелерін және микрокредиттерді алудан ерікті түрде бас тарту»",
        "«Танымал қызметтер»",
        "«Несиелер мен микрокредиттерден бас тарту»",
    ],
    "eds_revoke": [
        "pki.gov.kz",
        "NCA Layer",
        "«ЭЦҚ кілттер тізіміне»",
        "«Кері қайтарып алу»",
        "Өтінімді қолданыстағы кілтпен растаңыз",
        "Жаңа кілтті шығарыңыз",
    ],
    "credit_report": ["1cb.kz", "Жеке кредиттік есептемені (ЖКЕ)", "10–15 күн"],
    "credit_dispute": [
        "«Экономика және қаржы»",
        "«Кредиттік есептегі ақпаратты даулауға өтініш беру»",
        "Egov mobile",
        "1cb.kz",
        "«1459»",
        "10–15 күн",
    ],
}
WHERE = {
    "stop_credit_portal": "egov_portal",
    "stop_credit_mobile": "egov_mobile",
    "eds_revoke": "pki",
    "credit_report": "1cb",
    "credit_dispute": "egov_portal",
}


def test_exactly_the_five_menu_paths() -> None:
    assert sorted(MENU_BY_ID) == sorted(WHERE)
    assert len(MENU_PATHS) == len(WHERE)


@pytest.mark.parametrize(("path_id", "names"), SEED_002_NAMES.items())
def test_menu_path_keeps_the_seed_kazakh_names_verbatim(path_id: str, names: list[str]) -> None:
    m = MENU_BY_ID[path_id]
    assert m.where == WHERE[path_id]
    assert m.source.seed == "002"
    kk = " ".join(m.steps.kk)
    for name in names:
        assert name in kk, (path_id, name)


@pytest.mark.parametrize(("path_id", "names"), SEED_002_NAMES.items())
def test_the_verbatim_names_are_really_in_seed_002(path_id: str, names: list[str]) -> None:
    seed = _seed_text("002")
    for name in names:
        assert name in seed, (path_id, name)


@pytest.mark.parametrize("path_id", list(WHERE))
def test_menu_path_parallel_in_three_languages(path_id: str) -> None:
    m = MENU_BY_ID[path_id]
    sizes = {lang: len(m.steps.get(lang)) for lang in LANGS}
    assert len(set(sizes.values())) == 1, sizes
    for lang in LANGS:
        assert m.title.get(lang).strip()
    assert not CYRILLIC.search(" ".join([m.title.en, *m.steps.en]))


@pytest.mark.parametrize(
    ("path_id", "ru"),
    [
        (
            "stop_credit_portal",
            "«Добровольный отказ от получения банковских займов, микрокредитов»",
        ),
        ("stop_credit_mobile", "«Налоги и финансы»"),
        ("eds_revoke", "«Отозвать»"),
        ("credit_report", "персональный кредитный отчёт"),
        ("credit_dispute", "оспаривание информации в кредитном отчёте"),
    ],
)
def test_menu_path_russian_names(path_id: str, ru: str) -> None:
    assert ru.lower() in " ".join(MENU_BY_ID[path_id].steps.ru).lower()


@pytest.mark.parametrize("path_id", ["credit_report", "credit_dispute"])
def test_police_needs_a_fresh_report(path_id: str) -> None:
    m = MENU_BY_ID[path_id]
    assert "10–15" in " ".join(m.steps.kk)
    assert "10–15" in " ".join(m.steps.ru)
    assert "10–15" in " ".join(m.steps.en)


# ----------------------------------------------------------------------------- thresholds


def test_thresholds() -> None:
    t = validate_file(data_dir() / "thresholds.yaml", Thresholds)
    # a "scam" verdict must be a confident one; "suspicious" sits between safe and scam
    assert 0.5 <= t.scam < 1 and 0 < t.suspicious < t.scam


def test_incident_situations_are_the_playbook_situations() -> None:
    """The incident file's typed `situation` and the playbooks name the same situations."""
    import typing

    from saqbol.response.incident import Situation

    assert typing.get_args(Situation) == SITUATION_IDS
