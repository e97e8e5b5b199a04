"""Absolute links from the one configured public base URL, never from the request's Host."""

from urllib.parse import urlsplit

from flask import Flask, current_app

LOCAL_HOSTS = ("localhost", "127.0.0.1")


class MissingBaseUrl(RuntimeError):
    """Production settings without PUBLIC_BASE_URL: emailed links would have no safe host."""


def public_url(endpoint: str, **values) -> str:
    """An absolute link to endpoint on PUBLIC_BASE_URL (works in requests, cron and CLI)."""
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/",
                                       url_scheme=base.scheme or "https")
    anchor = values.pop("_anchor", None)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url


def trusted_hosts(base_url: str, extra: str = "") -> list[str]:
    """The Host values requests may carry: the base URL's host, plus any listed extras."""
    host = urlsplit(base_url).hostname or ""
    hosts = [host] + [h.strip() for h in extra.split(",") if h.strip()]
    if host in LOCAL_HOSTS:  # a local run answers on both names
        hosts.extend(LOCAL_HOSTS)
    return list(dict.fromkeys(h for h in hosts if h))


def init_app(app: Flask) -> None:
    """Refuse production settings without a base URL; accept only its host (TRUSTED_HOSTS)."""
    base = (app.config.get("PUBLIC_BASE_URL") or "").rstrip("/")
    if not base:
        if not (app.debug or app.testing):
            raise MissingBaseUrl(
                "Set PUBLIC_BASE_URL to the address people use, e.g. https://learn.example.org "
                "(links in emails are built from it; `make run` sets http://127.0.0.1:5000).")
        base = "http://127.0.0.1:5000"
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MissingBaseUrl(f"PUBLIC_BASE_URL must be an http(s) URL, not {base!r}.")
    app.config["PUBLIC_BASE_URL"] = base
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(base, app.config.get("EXTRA_TRUSTED_HOSTS", ""))
    app.add_template_global(public_url)
