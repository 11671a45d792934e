from warlog.ids import canonical_url, content_hash, document_id, input_hash


def test_canonical_url_drops_what_does_not_identify_an_article() -> None:
    want = "https://example.com/news/a-b?id=3"
    for url in ("http://www.Example.com/news/a-b/?utm_source=tw&id=3#c",
                "https://example.com:443/news//a-b?fbclid=x&id=3",
                "HTTPS://EXAMPLE.COM/news/a-b/amp?id=3"):
        assert canonical_url(url) == want, url


def test_canonical_url_keeps_what_does() -> None:
    assert canonical_url("https://example.com/a?id=3") != canonical_url("https://example.com/a?id=4")
    assert canonical_url("https://example.com:8080/a") == "https://example.com:8080/a"
    assert canonical_url("https://example.com/") == "https://example.com/"


def test_document_id_is_deterministic_and_prefers_the_url() -> None:
    sha = content_hash("Some text.\r\nMore text.")
    assert sha == content_hash("Some text.\nMore   text.")
    assert document_id(None, sha) == document_id(None, sha)
    assert document_id("http://www.example.com/x", sha) == document_id("https://example.com/x/", "other")
    assert document_id(None, sha) != document_id("https://example.com/x", sha)
    assert document_id(None, sha).startswith("d") and len(document_id(None, sha)) == 17


def test_input_hash_changes_with_metadata() -> None:
    sha = content_hash("text")
    assert input_hash(sha, None, "2008-06-07") != input_hash(sha, None, None)
    assert input_hash(sha, "u", None) == input_hash(sha, "u", None)
