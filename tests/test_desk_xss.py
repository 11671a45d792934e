"""Cross-site scripting in the desk (issue 16), in a real browser: a store whose every piece of
untrusted text carries an XSS corpus, served by a real `warlog serve`, every page kind opened in
headless Debian Chromium (Playwright), anonymous and logged in. Any script that runs fails the test.

Where the payloads come from, all through the real pipeline and review code:
- article headline and body text, the page title and the site name (an HTML record), a reader's
  comment and its author's name (the page's comments section);
- the document URL (JSON-lines `url`: `https://x.example/"><script>…`, `javascript:…`, a query
  string with an `<img onerror>`), the title and the source of text records;
- actor names: names in the text that the actor resolver makes new actors of (`Zarqa"><b Brigades`,
  `Abu Karim"onmouseover="…`, `window.__xss=1> Zarqa`), and names an analyst types into an edit;
- analysts' notes and edited values (through `warlog.review` and the store, and one confirm with a
  note typed into the event page's form in the browser);
- the query string itself (reflected filters, `next`, error messages about bad parameters or ids).

After every page load (and after opening the map's popups and clicking the links the event pages
show for their documents): `window.__xss` is undefined, no dialog opened, no `securitypolicyviolation`
was seen (an inline handler the CSP blocked still means markup got through), no page error, no
answer was a 5xx, and the DOM holds no markup a payload could have made (an `on…` attribute, a
`javascript:` link, an inline or foreign script, `<img>`, `<iframe>`, `<textarea>`, `<b>`…). Where a
page shows a payload, it shows it as text: template syntax like `{{7*7}}` appears as written.

Needs /usr/bin/chromium and the `playwright` package, as tests/test_browser.py does."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from warlog import review
from warlog.query import EventQuery
from warlog.run import ingest
from warlog.store import open_store
from warlog.users import add_user

from .test_browser import ARGS, CHROMIUM, running_desk

pytestmark = pytest.mark.integration

PASSWORD = "xss-review-pass"
SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
SVG = "<svg onload=window.__xss=1>"
BREAK = '"><script>window.__xss=1</script>'
QUOTE = "' onmouseover='window.__xss=1' x='"
TEXTAREA = "</textarea><script>window.__xss=1</script>"
JS = "javascript:window.__xss=1"
LINK = '<a href="javascript:window.__xss=1">link</a>'
OTHERS = '<iframe src="javascript:window.__xss=1"></iframe><details open ontoggle=window.__xss=1>'
#: rendered, these would read 49 and "wltpl"
TEMPLATE = "{{7*7}} {{ 'wl' ~ 'tpl' }} ${7*7} #{7*7} {% raw %}"
CORPUS = " ".join((SCRIPT, IMG, SVG, BREAK, QUOTE, TEXTAREA, JS, LINK, OTHERS, TEMPLATE))
#: names the actor resolver makes new actors of (markup that survives named-entity recognition)
NEW_ACTORS = ('Zarqa"><b Brigades', 'Abu Karim"onmouseover="window.__xss=1', 'Abu "Zarqa" Tamimi')

#: Run in every document before its own scripts: CSP violations are kept in window.__csp.
INIT = """window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
}, true);"""

#: What a payload could have turned into in the DOM; the desk itself makes none of it.
AUDIT = """() => {
  const bad = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase(), value = a.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) bad.push(el.tagName + "[" + name + "]");
      if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(name)
          && /^(javascript|vbscript|data:text\\/html)/.test(value))
        bad.push(el.tagName + "[" + name + "=" + value + "]");
    }
  }
  for (const s of document.scripts) {
    if (!s.src || new URL(s.src).origin !== location.origin || !new URL(s.src).pathname.startsWith("/static/"))
      bad.push("script " + (s.src || s.textContent.slice(0, 60)));
  }
  const foreign = "img, iframe, frame, object, embed, textarea, base, b, meta[http-equiv], link[rel=import]";
  for (const el of document.querySelectorAll(foreign))
    bad.push("<" + el.tagName.toLowerCase() + ">");
  for (const a of document.querySelectorAll("a[href], area[href]"))  // SVG links too: no a.protocol there
    if (!["http:", "https:"].includes(new URL(a.getAttribute("href"), location.href).protocol))
      bad.push("link " + a.getAttribute("href"));
  return bad;
}"""


def _records() -> list[dict[str, str]]:
    """Three reports: an HTML page (payloads entity-encoded, so that its text holds them) with a
    comments section, a text report whose URL is `javascript:`, and a repost of it (one canonical
    event with two sources)."""
    e = html.escape
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(CORPUS)}</title>
<meta property="og:site_name" content="{e(CORPUS)}"></head><body>
<article><header><h1 class="entry-title">Gunmen kill five policemen in Kut {e(SCRIPT)} {e(TEMPLATE)}</h1></header>
<div class="entry-content">
<p>The {e(NEW_ACTORS[0])} killed five policemen in Kut on 5 June 2008, police said.</p>
<p>{e(NEW_ACTORS[1])} killed two engineers near Basra on 7 June 2008, officials said.</p>
<p>Residents of Kut said the road to the city was closed on Sunday and that soldiers were searching vehicles.</p>
<p>A police officer said: {e(CORPUS)}</p>
</div></article>
<div id="comments" class="comments-area"><h2 class="comments-title">1 thought</h2><ol class="comment-list">
<li id="comment-1" class="comment"><article class="comment-body"><footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">{e(IMG)}</b> <span class="says">says:</span></div></footer>
<div class="comment-content"><p>{e(CORPUS)}</p><p><script>window.__xss=1</script>Raw tags too.</p></div>
</article></li></ol></div></body></html>"""
    text = (f"Militants attack {SCRIPT}\n\nThe window.__xss=1> Zarqa killed three soldiers in Mosul on 6 June 2008, "
            f"officials said.\n\n{NEW_ACTORS[2]} claimed the attack.\n\nA witness said: {CORPUS}")
    return [{"url": 'https://x.example/"><script>window.__xss=1</script>', "html": page},
            {"url": JS, "title": CORPUS, "source": CORPUS, "text": text},
            {"url": 'https://y.example/r?q="><img src=x onerror=window.__xss=1>', "title": CORPUS,
             "text": text.replace("officials said", "army officials said")}]


@dataclass
class Corpus:
    """The ids the pages are opened with."""

    docs: list[str]
    reports: list[str]
    canonical: list[str]
    actors: list[str]
    extra: dict[str, str] = field(default_factory=dict)


def fill_store(db: Path, folder: Path) -> Corpus:
    """Ingest the reports, add the analyst, and record decisions whose notes and values carry the
    corpus: edits (weapon, attributed_to, actors named by the analyst), a confirm, an actor split."""
    source = folder / "corpus.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in _records()), "utf-8")
    with open_store(str(db)) as store:
        outcomes = ingest([str(source)], store).outcomes
        assert [o.status.value for o in outcomes] == ["added"] * 3, [o.message for o in outcomes]
        add_user(store, "ana", PASSWORD)
        events = store.events(EventQuery(review=("all",)))
        clusters = store.event_clusters(EventQuery(review=("all",)))
        ids = {a.name: a.actor_id for a in store.actors(limit=100)}
        missing = [n for n in NEW_ACTORS if n not in ids]
        assert not missing, f"the resolver made no actor of {missing}: {sorted(ids)}"
        actors = [str(ids[n]) for n in NEW_ACTORS]
        karim = next(e.event_id for e in events if any(a.name == NEW_ACTORS[1] for a in e.actors))
        brigades = next(e.event_id for e in events if any(a.name == NEW_ACTORS[0] for a in e.actors))
        review.edit(store, karim, "weapon", CORPUS, author="ana", note=CORPUS)
        review.edit(store, karim, "attributed_to", BREAK, author="ana", note=TEMPLATE)
        review.edit(store, karim, "actors", [NEW_ACTORS[1], SCRIPT, IMG], author="ana", note=IMG)
        review.decide(store, "confirm", brigades, author="ana", note=CORPUS)
        store.decide("split", actors[0], actors[2], author="ana", note=CORPUS)
        return Corpus(docs=[str(o.doc_id) for o in outcomes], reports=[e.event_id for e in events],
                      canonical=[c.cluster_id for c in clusters], actors=actors,
                      extra={"karim": karim, "brigades": brigades,
                             "repost": next(c.cluster_id for c in clusters if len(c.members) == 2)})


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Corpus]]:
    """A real `warlog serve` over the corpus store; (base URL, ids)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does it as root)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed (dev extra)")
    folder = tmp_path_factory.mktemp("xss")
    db = folder / "warlog.db"
    corpus = fill_store(db, folder)
    with running_desk(db) as base:
        yield base, corpus


def pages(c: Corpus) -> dict[str, str]:
    """Every page kind, by name: the corpus's own pages, and pages that reflect payloads given in the
    query string or the path (filters, search, `next`, error messages)."""
    bad = quote(CORPUS, safe="")
    out = {"events": "/events", "events (reflected filters)": "/events?" + urlencode(
               {"q": BREAK, "place": IMG, "actor": QUOTE, "doc": SCRIPT, "unreal": "1", "review": "all"}),
           "events (bad date)": "/events?" + urlencode({"since": BREAK}),
           "documents": "/documents", "search": "/documents?q=window", "search (reflected)": f"/documents?q={bad}",
           "actors": "/actors", "actors (reflected)": "/actors?" + urlencode({"q": BREAK, "kind": IMG}),
           "map": "/map", "map (reflected)": "/map?" + urlencode({"actor": BREAK, "q": IMG}),
           "timeline": "/timeline", "timeline (reflected)": "/timeline?" + urlencode({"place": BREAK}),
           "network": "/network", "network (reflected)": f"/network?actor={bad}",
           "edge": "/network/edge?" + urlencode({"a": c.actors[0], "b": BREAK}),
           "review": "/review", "review 2": "/review?at=1", "review 3": "/review?at=2",
           "export": "/export?" + urlencode({"q": BREAK}), "login": "/login?" + urlencode({"next": "/" + BREAK}),
           "missing event": f"/events/{bad}", "missing document": f"/documents/{bad}",
           "missing actor": f"/actors/{bad}", "missing page": f"/{bad}"}
    out |= {f"document {d}": f"/documents/{d}" for d in c.docs}
    out |= {f"canonical {e}": f"/events/{e}" for e in c.canonical}
    out |= {f"report {e}": f"/events/{e}" for e in c.reports}
    out |= {f"actor {a}": f"/actors/{quote(a)}" for a in c.actors}
    out |= {f"network {a}": "/network?" + urlencode({"actor": a}) for a in c.actors}
    return out


class Watch:
    """What a page did that it should not have: dialogs, page errors, CSP violations."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("console", lambda m: self.errors.append(m.text) if "Content Security Policy" in m.text else None)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def check(self, where: str) -> None:
        """Fail when anything ran or was blocked from running, or markup got into the DOM."""
        page = self.page
        xss = page.evaluate("() => typeof window.__xss === 'undefined' ? null : String(window.__xss)")
        csp = page.evaluate("() => window.__csp || []")
        markup = page.evaluate(AUDIT)
        assert xss is None, f"{where}: a payload ran (window.__xss = {xss})"
        assert not self.dialogs, f"{where}: a dialog opened: {self.dialogs}"
        assert not csp, f"{where}: CSP violations (markup got through unescaped): {csp}"
        assert not self.errors, f"{where}: {self.errors}"
        assert not markup, f"{where}: markup from the corpus in the DOM: {markup}"
        assert "wltpl" not in page.content(), f"{where}: a template expression was rendered"


def visit(watch: Watch, base: str, path: str, where: str) -> None:
    """Open a page, let its scripts run, check it."""
    response = watch.page.goto(base + path)
    assert response is not None and response.status < 500, f"{where}: {path} answered {response and response.status}"
    if path.startswith("/map"):
        watch.page.wait_for_selector("#event-map[data-loaded]", state="attached", timeout=10000)
        for marker in watch.page.locator("path.leaflet-interactive").all():  # popups built from event text
            marker.dispatch_event("click")
            watch.page.wait_for_selector(".leaflet-popup-content .map-event", timeout=5000)
    elif path.startswith("/network?actor=") and watch.page.locator("#network-graph").count():
        watch.page.wait_for_function("document.getElementById('network-status').textContent.includes('actors')",
                                     timeout=10000)
    watch.check(where)


def shown_as_text(watch: Watch, base: str, c: Corpus) -> None:
    """The payloads are on the pages, as text: nothing was dropped to hide it, nothing rendered."""
    page = watch.page
    page.goto(f"{base}/documents/{c.docs[0]}")
    text = page.inner_text("main")
    for payload in (SCRIPT, IMG, TEXTAREA, LINK, "{{7*7}}", "{{ 'wl' ~ 'tpl' }}"):
        assert payload in text, f"document page: {payload!r} is not shown as text"
    assert 'https://x.example/"><script>window.__xss=1</script>' in text  # the URL, as text
    assert "{{7*7}}" in page.inner_text(".apart")  # the comment
    page.goto(f"{base}/events/{c.extra['karim']}")
    assert SCRIPT in page.inner_text("table.history") and SCRIPT in page.inner_text("table.fields")
    page.goto(base + "/actors")
    assert NEW_ACTORS[0] in page.inner_text("main") and NEW_ACTORS[1] in page.inner_text("main")
    page.goto(f"{base}/login?" + urlencode({"next": "/" + BREAK}))
    assert page.get_attribute("input[name=next]", "value") == "/" + BREAK


def click_document_links(watch: Watch, base: str, c: Corpus) -> None:
    """On each event page, follow the links to the reports' documents (whose URLs are payloads,
    `javascript:` among them; the sources table shows them): each lands on a page of this server, and
    nothing runs."""
    for event_id in [*c.canonical, *c.reports]:
        watch.page.goto(f"{base}/events/{event_id}")
        links = watch.page.locator("main a[href^='/documents/']")
        hrefs = list(dict.fromkeys(str(links.nth(i).get_attribute("href")) for i in range(links.count())))
        assert hrefs, f"/events/{event_id} links to no document"
        for i, href in enumerate(hrefs):
            if i:
                watch.page.go_back()
            watch.page.locator(f"main a[href='{href}']").first.click()
            watch.page.wait_for_url(base + href)
            watch.check(f"/events/{event_id} → {href}")


def log_in(watch: Watch, base: str) -> None:
    page = watch.page
    page.goto(base + "/login?next=/review")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(base + "/review")
    watch.check("after logging in")


def confirm_with_note(watch: Watch, base: str, event_id: str) -> None:
    """An analyst types the corpus into the confirm form's note: it comes back as text."""
    page = watch.page
    page.goto(f"{base}/events/{event_id}")
    page.fill(f"form[action='/events/{event_id}/confirm'] input[name=note]", CORPUS)
    page.click(f"form[action='/events/{event_id}/confirm'] button[type=submit]")
    page.wait_for_url(f"{base}/events/{event_id}")
    watch.check("after confirming with a note")
    assert CORPUS.split(" {{")[0] in page.inner_text("table.history")


def test_no_script_runs_on_any_page(desk: tuple[str, Corpus]) -> None:
    from playwright.sync_api import sync_playwright

    base, corpus = desk
    every = pages(corpus)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            for logged_in in (False, True):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_init_script(INIT)
                watch = Watch(context.new_page())
                if logged_in:
                    log_in(watch, base)
                    confirm_with_note(watch, base, corpus.extra["repost"].replace("c", "e", 1))
                who = "logged in" if logged_in else "anonymous"
                for name, path in every.items():
                    visit(watch, base, path, f"{who}: {name} ({path})")
                shown_as_text(watch, base, corpus)
                if not logged_in:  # the same links either way
                    click_document_links(watch, base, corpus)
                context.close()
        finally:
            browser.close()
