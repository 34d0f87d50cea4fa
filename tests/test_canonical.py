"""One key per page: real URL shapes from each platform, and properties that must hold for any URL."""

from __future__ import annotations

import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repwatch.pipeline.urls import canonical_url, classify, registered_domain, shape_of

SAME_PAGE = [
    # Facebook: desktop, phone and basic hosts, parameter order, click and share noise
    (
        "https://www.facebook.com/story.php?story_fbid=pfbid02abc&id=100012345&mibextid=Nif5oz&__cft__[0]=AZX&__tn__=%2CO%2CP-R",
        "https://m.facebook.com/story.php?id=100012345&story_fbid=pfbid02abc",
        "https://facebook.com/story.php?id=100012345&story_fbid=pfbid02abc",
    ),
    (
        "https://www.facebook.com/Joanna.Whitfield.77?fref=ts",
        "https://mbasic.facebook.com/joanna.whitfield.77/?refid=46&__tn__=C-R",
        "https://facebook.com/joanna.whitfield.77",
    ),
    (
        "https://www.facebook.com/photo.php?fbid=10158&set=a.101&type=3&fbclid=IwAR0x",
        "https://web.facebook.com/photo.php?fbid=10158",
        "https://facebook.com/photo.php?fbid=10158",
    ),
    # YouTube: timestamps, share ids, short links, shorts, embeds
    (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s&si=AbCdEf&feature=share",
        "https://youtu.be/dQw4w9WgXcQ?si=xyz&t=10",
        "https://youtube.com/watch?v=dQw4w9WgXcQ",
    ),
    (
        "https://m.youtube.com/shorts/dQw4w9WgXcQ?feature=share",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://youtube.com/watch?v=dQw4w9WgXcQ",
    ),
    (
        "https://www.youtube.com/watch?v=abcDEF12345&list=PL123&index=4",
        "https://youtube.com/watch?index=4&v=abcDEF12345",
        "https://youtube.com/watch?v=abcDEF12345",
    ),
    # Instagram: share ids, the /user/p/ form, trailing slashes; shortcodes keep their case
    (
        "https://www.instagram.com/p/CxYz123AbC/?igshid=MzRlODBiNWFlZA==",
        "https://instagram.com/jo_whitfield/p/CxYz123AbC/?img_index=1",
        "https://instagram.com/p/CxYz123AbC",
    ),
    ("https://www.instagram.com/Jo_Whitfield/", "https://instagram.com/jo_whitfield?hl=en", "https://instagram.com/jo_whitfield"),
    # X / Twitter: one site, handle case, share parameters, photo sub-pages
    (
        "https://twitter.com/MsWhitfieldTeach/status/1712345678901234567?s=20&t=abc",
        "https://x.com/mswhitfieldteach/status/1712345678901234567/photo/1",
        "https://x.com/mswhitfieldteach/status/1712345678901234567",
    ),
    ("https://mobile.twitter.com/MsWhitfieldTeach", "http://www.x.com/mswhitfieldteach/", "https://x.com/mswhitfieldteach"),
    # TikTok
    (
        "https://www.tiktok.com/@Jo.Whitfield/video/7301234567890123456?is_from_webapp=1&sender_device=pc&lang=en",
        "https://m.tiktok.com/@jo.whitfield/video/7301234567890123456",
        "https://tiktok.com/@jo.whitfield/video/7301234567890123456",
    ),
    # LinkedIn: country hosts, case, trailing slash
    (
        "https://uk.linkedin.com/in/Joanna-Whitfield-4a1b2c3/",
        "https://www.linkedin.com/in/joanna-whitfield-4a1b2c3?originalSubdomain=uk",
        "https://linkedin.com/in/joanna-whitfield-4a1b2c3",
    ),
    # Reddit: old./www., the optional title slug
    (
        "https://old.reddit.com/r/Liverpool/comments/17abcde/whats_up_with_st_aidans/",
        "https://www.reddit.com/r/liverpool/comments/17abcde/?utm_source=share&utm_medium=web2x",
        "https://reddit.com/r/liverpool/comments/17abcde",
    ),
    # AMP pages and AMP caches
    (
        "https://www.liverpoolecho.co.uk/news/liverpool-news/teacher-praised-27451234.amp",
        "https://www-liverpoolecho-co-uk.cdn.ampproject.org/c/s/www.liverpoolecho.co.uk/news/liverpool-news/teacher-praised-27451234.amp",
        "https://liverpoolecho.co.uk/news/liverpool-news/teacher-praised-27451234",
    ),
    (
        "https://amp.theguardian.com/education/2024/jan/05/teachers-online-abuse",
        "https://www.theguardian.com/education/2024/jan/05/teachers-online-abuse/amp?CMP=share_btn_url",
        "https://theguardian.com/education/2024/jan/05/teachers-online-abuse",
    ),
    (
        "https://www.google.com/amp/s/www.bbc.co.uk/news/uk-england-merseyside-67891234.amp",
        "https://www.bbc.co.uk/news/uk-england-merseyside-67891234?at_medium=RSS&at_campaign=KARANGA",
        "https://bbc.co.uk/news/uk-england-merseyside-67891234",
    ),
    # News with utm_* and a redirector; scheme, host case, default port, fragment
    (
        "https://www.google.com/url?q=https://www.mirror.co.uk/news/uk-news/story-123%3Futm_source%3Dgoogle&sa=U",
        "https://www.mirror.co.uk/news/uk-news/story-123?utm_source=twitter&utm_medium=social&utm_campaign=x",
        "https://mirror.co.uk/news/uk-news/story-123",
    ),
    (
        "http://Example.COM:80/blog/?p=123&utm_source=x#comments",
        "https://example.com/blog?fbclid=IwAR12&p=123",
        "https://example.com/blog?p=123",
    ),
    # Bluesky and Mastodon handles are case-blind
    (
        "https://bsky.app/profile/Jo.Bsky.Social/post/3kabc",
        "https://bsky.app/profile/jo.bsky.social/post/3kabc/",
        "https://bsky.app/profile/jo.bsky.social/post/3kabc",
    ),
    ("https://mastodon.social/@JoWhitfield/111222333", "https://mastodon.social/@jowhitfield/111222333#x", "https://mastodon.social/@jowhitfield/111222333"),
    # Threads moved from threads.net to threads.com
    ("https://www.threads.net/@jo.whitfield/post/C1abc?xmt=AQG", "https://threads.com/@Jo.Whitfield/post/C1abc", "https://threads.com/@jo.whitfield/post/C1abc"),
]


@pytest.mark.parametrize(("a", "b", "key"), SAME_PAGE)
def test_same_page_gives_one_key(a: str, b: str, key: str) -> None:
    assert canonical_url(a) == key
    assert canonical_url(b) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.youtube.com/watch?v=aaaaaaaaaaa", "https://www.youtube.com/watch?v=bbbbbbbbbbb"),
        ("https://www.facebook.com/story.php?story_fbid=1&id=2", "https://www.facebook.com/story.php?story_fbid=3&id=2"),
        ("https://blog.example.com/?p=1", "https://blog.example.com/?p=2"),
        ("https://www.instagram.com/p/CxYz123AbC/", "https://www.instagram.com/p/cxyz123abc/"),
        ("https://forum.example.co.uk/showthread.php?t=123", "https://forum.example.co.uk/showthread.php?t=124"),
        ("https://x.com/jo/status/1", "https://x.com/jo/status/2"),
    ],
)
def test_different_pages_stay_apart(a: str, b: str) -> None:
    assert canonical_url(a) != canonical_url(b)


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.bbc.co.uk/news/x", "bbc.co.uk"),
        ("https://www.staidans.liverpool.sch.uk/our-staff/", "staidans.liverpool.sch.uk"),
        ("https://twitter.com/jo", "x.com"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube.com"),
        ("https://jo-teaches.blogspot.com/2024/01/post.html?m=1", "jo-teaches.blogspot.com"),
        ("https://news.sky.com/story/x-123", "sky.com"),
        ("https://www.google.com/amp/s/www.bbc.co.uk/news/uk-1.amp", "bbc.co.uk"),
        ("https://192.168.1.10/page", "192.168.1.10"),
        # a suffix written in its own script is found however the host is spelt, and kept as spelt
        ("https://www.xn--80adxhks.xn--p1ai/news", "xn--80adxhks.xn--p1ai"),
        ("https://a.shop.xn--fiqs8s/x", "shop.xn--fiqs8s"),
    ],
)
def test_registered_domain(url: str, domain: str) -> None:
    assert registered_domain(url) == domain


@pytest.mark.parametrize(
    ("url", "kind", "platform", "refined", "handle"),
    [
        ("https://www.facebook.com/joanna.whitfield.77", "web", "facebook", "account", "joanna.whitfield.77"),
        ("https://www.facebook.com/joanna.whitfield.77/posts/pfbid0abc", "web", "facebook", "post", "joanna.whitfield.77"),
        ("https://www.facebook.com/groups/123456/posts/789/", "web", "facebook", "post", None),
        ("https://www.facebook.com/groups/staidansparents", "web", "facebook", "web", None),
        ("https://x.com/jo_whitfield", "web", "x", "account", "jo_whitfield"),
        ("https://twitter.com/jo_whitfield/status/1", "web", "x", "post", "jo_whitfield"),
        ("https://x.com/search?q=whitfield", "web", "x", "web", None),
        ("https://www.instagram.com/p/CxYz123AbC/", "web", "instagram", "post", None),
        ("https://www.instagram.com/jo_whitfield/", "web", "instagram", "account", "jo_whitfield"),
        ("https://www.tiktok.com/@jo.whitfield", "web", "tiktok", "account", "jo.whitfield"),
        ("https://www.tiktok.com/@jo.whitfield/video/730", "web", "tiktok", "post", "jo.whitfield"),
        ("https://www.youtube.com/@MsWhitfield", "web", "youtube", "account", "mswhitfield"),
        ("https://uk.linkedin.com/in/joanna-whitfield-4a1b2c3", "web", "linkedin", "account", "joanna-whitfield-4a1b2c3"),
        ("https://www.reddit.com/user/jowhit", "web", "reddit", "account", "jowhit"),
        ("https://www.snapchat.com/add/jowhitfield", "web", "snapchat", "account", "jowhitfield"),
        ("https://www.threads.net/@jo.whitfield", "web", "threads", "account", "jo.whitfield"),
        ("https://bsky.app/profile/jowhitfield.bsky.social", "account", "bluesky", "account", "jowhitfield.bsky.social"),
        ("https://mastodon.social/@jowhitfield", "account", "mastodon", "account", "jowhitfield"),
        ("https://toot.wales/@jowhitfield/111222333", "web", "mastodon", "post", "jowhitfield"),
        ("https://medium.com/@jowhitfield", "web", "web", "web", None),
        ("https://wa.me/447700900123", "web", "whatsapp", "account", "447700900123"),
        ("https://www.liverpoolecho.co.uk/news/a-123", "web", "news", "news", None),
        ("https://www.bbc.co.uk/news/a-123", "image", "news", "image", None),
        ("https://www.192.com/people/search/?surname=whitfield", "web", "people_search", "web", None),
        ("https://www.ukphonebook.com/x", "web", "people_search", "web", None),
        ("https://www.staidans.liverpool.sch.uk/our-staff", "web", "school", "web", None),
        ("https://www.ratemyteachers.com/joanna-whitfield/1-t", "web", "teacher_rating", "web", None),
        ("https://www.unknown-paper.example/story", "news", "news", "news", None),
        ("https://www.example.com/about", "web", "web", "web", None),
    ],
)
def test_platform_and_kind(url: str, kind: str, platform: str, refined: str, handle: str | None) -> None:
    shape = shape_of(url, kind)
    assert (shape.platform, shape.kind, shape.handle) == (platform, refined, handle)
    assert classify(url, kind) == (platform, refined)


def test_photo_shapes() -> None:
    assert shape_of("https://www.instagram.com/p/CxYz123AbC/").photo
    assert shape_of("https://www.facebook.com/photo/?fbid=1").photo
    assert not shape_of("https://x.com/jo/status/1").photo


def test_bundled_suffix_list_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh suffix list, with the network cut off, still answers: it is the package's own copy."""
    from repwatch.pipeline import urls as canonical

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the public suffix list tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    canonical._extractor.cache_clear()
    canonical._registered.cache_clear()
    assert registered_domain("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert registered_domain("https://a.b.example.co.uk/") == "example.co.uk"
    assert registered_domain("https://jo.blogspot.com/2026/") == "jo.blogspot.com"  # a private suffix: her own site
    assert registered_domain("https://staidans.liverpool.sch.uk/staff") == "staidans.liverpool.sch.uk"
    assert registered_domain("http://127.0.0.1:8080/x") == "127.0.0.1"
    assert registered_domain("https://intranet.school.invalidtld/x") == "intranet.school.invalidtld"


TRACKING = st.sampled_from(
    ["utm_source", "utm_medium", "utm_campaign", "utm_content", "fbclid", "gclid", "mc_cid", "mc_eid", "igshid", "si", "ref_src"]
)
SEGMENT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-_.~%é ", min_size=1, max_size=12)
HOSTS = st.sampled_from(
    [
        "www.example.com", "example.co.uk", "m.facebook.com", "www.youtube.com", "youtu.be", "twitter.com",
        "x.com", "www.instagram.com", "old.reddit.com", "www.tiktok.com", "uk.linkedin.com",
        "amp.theguardian.com", "www.staidans.liverpool.sch.uk", "bsky.app", "mastodon.social", "Example.ORG",
    ]
)
PARAMS = st.lists(
    st.tuples(st.sampled_from(["p", "id", "v", "story_fbid", "q", "page", "x"]), st.text("abc123%+ =&é", max_size=6)),
    max_size=3,
)


@st.composite
def urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    host = draw(HOSTS)
    path = "/".join(draw(st.lists(SEGMENT, max_size=4)))
    if draw(st.booleans()):
        path += "/"
    from urllib.parse import urlencode

    query = urlencode(draw(PARAMS))
    fragment = draw(st.sampled_from(["", "#top", "#!/jo"]))
    return f"{scheme}://{host}/{path}" + (f"?{query}" if query else "") + fragment


@settings(max_examples=300, deadline=None)
@given(urls())
def test_idempotent(url: str) -> None:
    key = canonical_url(url)
    assert canonical_url(key) == key


@settings(max_examples=300, deadline=None)
@given(urls(), st.lists(st.tuples(TRACKING, st.text("abcXYZ09_-", min_size=1, max_size=8)), min_size=1, max_size=4))
def test_tracking_parameters_never_change_the_key(url: str, tracking: list[tuple[str, str]]) -> None:
    from urllib.parse import urlencode

    base, hash_, fragment = url.partition("#")
    joiner = "&" if "?" in base else "?"
    tracked = base + joiner + urlencode(tracking) + hash_ + fragment
    assert canonical_url(tracked) == canonical_url(url)


def test_nested_amp_markers_are_all_stripped() -> None:
    """Found by hypothesis: /0/Amp/Amp lost one marker per call, so canonical_url was not idempotent."""
    once = canonical_url("http://www.example.com/0/Amp/Amp")
    assert once == "https://example.com/0"
    assert canonical_url(once) == once
    assert canonical_url("https://example.com/amp/amp/story/amp") == "https://example.com/story"
