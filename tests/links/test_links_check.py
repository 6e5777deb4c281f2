"""check_url: official → safe, lookalikes → phishing, hints → suspicious, the rest → unknown."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from saqbol.links import check_url

SAFE = [
    "https://kaspi.kz/shop/p/apple-iphone-15-128gb-chernyi-113137790/",
    "https://egov.kz/cms/ru/services/pass_onlineecp",
    "m.egov.kz",
    "https://halykbank.kz/ru/cards",
    "https://homebank.kz/",
    "https://post.kz/services/postal/tracking",
    "https://www.olx.kz/d/obyavlenie/x-IDabc.html",
    "https://krisha.kz/a/show/686543210",
    "https://qamqor.gov.kz/",
    "https://kazcoins.nationalbank.kz/",
    "hxxps://kaspi[.]kz/guide",
    "https://KASPI.KZ/shop",
    "https://kaspi.kz./shop",
    "https://kaspi.kz:443/shop",
    "https://play.google.com/store/apps/details?id=kz.kaspi.mobile",
]

# (url, target, a reason that must be given)
PHISHING = [
    ("kaspi-bonus.kz/x", "kaspi.kz", "brand_plus_words"),
    ("https://egov-kz.online", "egov.kz", "brand_plus_words"),
    ("https://kaspi.kz.secure-pay.xyz/login", "kaspi.kz", "brand_in_subdomain"),
    ("https://olx.kz-delivery.online", "olx.kz", "brand_in_subdomain"),
    ("https://kaspi.com", "kaspi.kz", "wrong_tld"),
    ("https://olx-kz.com", "olx.kz", "brand_plus_words"),
    ("https://kаspi.kz", "kaspi.kz", "lookalike_homoglyph"),  # Cyrillic а
    ("https://kаspi.kz", "kaspi.kz", "mixed_script"),
    ("https://xn--kspi-53d.kz/", "kaspi.kz", "punycode"),
    ("https://hаlykbank.kz", "halykbank.kz", "lookalike_homoglyph"),
    ("https://һalykbank.kz", "halykbank.kz", "lookalike_homoglyph"),  # Cyrillic һ
    ("https://қaspi.kz", "kaspi.kz", "lookalike_homoglyph"),  # Kazakh қ
    ("https://egөv.kz", "egov.kz", "lookalike_homoglyph"),  # Kazakh ө
    ("kaspl.kz", "kaspi.kz", "lookalike_homoglyph"),
    ("https://hornebank.kz", "homebank.kz", "lookalike_homoglyph"),
    ("kasspi.kz", "kaspi.kz", "typosquat"),
    ("kapsi.kz", "kaspi.kz", "typosquat"),
    ("k.aspi.kz", "kaspi.kz", "typosquat"),
    ("kas-pi.kz", "kaspi.kz", "typosquat"),
    ("https://hlaykbank.kz", "halykbank.kz", "typosquat"),
    ("https://kaspi-bonus.netlify.app", "kaspi.kz", "free_hosting_brand_path"),
    ("https://sites.google.com/view/kaspi-gold", "kaspi.kz", "free_hosting_brand_path"),
    ("https://telegra.ph/Kaspi-Bonus-12-05", "kaspi.kz", "free_hosting_brand_path"),
    ("http://kaspi.kz@185.22.33.44/login", "kaspi.kz", "userinfo_brand"),
    ("https://каспи.рф", "kaspi.kz", "brand_plus_words"),
    ("https://kazpost-delivery.com", "post.kz", "brand_plus_words"),
    ("https://qazpst.kz", "post.kz", "typosquat"),
]

SUSPICIOUS = [
    ("https://bit.ly/kaspi-bonus", "shortener"),
    ("http://185.22.33.44/x", "ip_host"),
    ("http://[2a00:1450::1]/halyk", "ip_host"),
    ("javascript:alert(document.cookie)", "dangerous_scheme"),
    ("data:text/html;base64,PHNjcmlwdD4=", "dangerous_scheme"),
    ("http://xn--zzzz-.kz/", "punycode_invalid"),
    ("https://krysha.kz", "typosquat"),  # an ordinary word close to a short brand name: a hint
]

# hard negatives: ordinary sites, other countries' namesakes, words with dots
UNKNOWN = [
    "https://example.com/",
    "https://tengrinews.kz/kazakhstan_news/kaspi-bank-517000/",
    "https://bbc.com/news",
    "https://vtb.ru/",
    "https://post.com/",
    "https://www.wildberries.by/",
    "https://мвд.рф/",
    "https://google.com/search?q=kaspi",
    "https://cutt.ly/",
    "mailto:info@citizensec.kz",
    "https://kolesa-darom.ru/",
    "https://secure-login-verify.xyz",
]


@pytest.mark.parametrize("url", SAFE)
def test_official_is_safe(url: str) -> None:
    r = check_url(url)
    assert r.verdict == "safe", r
    assert r.reasons == ["official"]
    assert r.risk == 0.0


@pytest.mark.parametrize(("url", "target", "reason"), PHISHING)
def test_lookalike_is_phishing(url: str, target: str, reason: str) -> None:
    r = check_url(url)
    assert r.verdict == "phishing", r
    assert r.target == target
    assert reason in r.reasons
    assert r.risk >= 0.7


@pytest.mark.parametrize(("url", "reason"), SUSPICIOUS)
def test_hint_is_suspicious(url: str, reason: str) -> None:
    r = check_url(url)
    assert r.verdict == "suspicious", r
    assert reason in r.reasons


@pytest.mark.parametrize("url", UNKNOWN)
def test_ordinary_is_unknown(url: str) -> None:
    r = check_url(url)
    assert r.verdict == "unknown", r


def test_t_me_channel_is_not_safe() -> None:
    assert check_url("https://t.me/some_channel").verdict == "unknown"
    assert check_url("https://t.me/kaspi_support_bot").verdict == "phishing"


@pytest.mark.parametrize(
    "url",
    [
        "https://kaspi-" + "a" * 100_000 + ".kz/",
        "https://kaspi.kz/" + "x" * 100_000,
        "x" * 100_000,
        "http://xn--zzzz-/",
        "http://[::1]:8080/login",
        "http://[::1",
        "javascript:",
        "data:",
        "",
        "   ",
        "://",
        "http://",
        "http://@",
        "http://a..b/",
        "\x00\x01\xff",
        "https://" + "а" * 300 + ".kz",
    ],
)
def test_bad_input_gives_clear_answer(url: str) -> None:
    r = check_url(url)
    assert r.verdict in ("phishing", "suspicious", "unknown", "safe")
    assert r.verdict != "safe" or r.target == "kaspi.kz"
    assert len(r.url) <= 301


def test_long_url_flagged() -> None:
    r = check_url("https://kaspi-bonus.kz/" + "x" * 100_000)
    assert r.verdict == "phishing"
    assert "long_url" in r.reasons


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_text(s: str) -> None:
    r = check_url(s)
    assert 0.0 <= r.risk <= 1.0


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "", "hxxp://", "ftp://", "//"]),
    st.text(max_size=40),
    st.sampled_from([".kz", ".com", ".xn--p1ai", "", ".", "[.]kz"]),
    st.text(max_size=30),
)
def test_never_raises_on_url_like(scheme: str, host: str, tld: str, path: str) -> None:
    r = check_url(f"{scheme}{host}{tld}/{path}")
    assert r.verdict in ("phishing", "suspicious", "safe", "unknown")
