"""A corpus of XSS payloads and an HTML-parser check that a page carries no active content."""

from html.parser import HTMLParser

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate attributeName=href values=javascript:alert(1) /><a><text>x</text></a></svg>",
    "[click me](javascript:alert(1))",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![image](javascript:alert(1))",
    '<a href="javascript:alert(1)">anchor</a>',
    "<a href='jav&#x09;ascript:alert(1)'>tabbed</a>",
    "<a href=\"  JaVaScRiPt:alert(1)\">cased</a>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<div onmouseover=alert(1)>hover</div>",
    "<scr<script>ipt>alert(1)</script>",  # only active once a naive filter strips <script>
    "<<img src=x onerror=alert(1)//",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<object data=\"data:text/html,<script>alert(1)</script>\"></object>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<p style=\"background:url(javascript:alert(1))\">styled</p>",
    "<base href=\"https://evil.example/\">",
    "<details open ontoggle=alert(1)>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
)

FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "style", "animate", "set",
                  "foreignobject", "frame", "frameset", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background", "srcset", "values", "to", "from", "content"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


class ActiveContentFinder(HTMLParser):
    """Collect every piece of active content an attacker could have slipped into a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        """Flag scripts not served from /static, dangerous tags, event and style attributes,
        meta refreshes and links with script-capable schemes."""
        attributes = dict(attrs)
        if tag == "script":
            src = attributes.get("src") or ""
            if not src.startswith("/static/"):
                self.found.append(f"<script> without a /static/ src: {attrs}")
            self._in_script = True
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}> {attrs}")
        if tag == "meta" and "http-equiv" in attributes:
            self.found.append(f"<meta http-equiv> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f"<{tag} style=...>")
            if name in URL_ATTRIBUTES and value:
                squeezed = "".join(ch for ch in value if ch > " ").lower()
                if tag == "meta" and name == "content":
                    squeezed = squeezed.split("url=", 1)[-1]
                if squeezed.startswith(BAD_SCHEMES):
                    self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        """Leave a script."""
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        """Inline script bodies are active content whatever they say."""
        if self._in_script and data.strip():
            self.found.append(f"inline script: {data[:60]!r}")


def active_content(html: str) -> list[str]:
    """Everything in the page that would run script or load attacker-chosen content."""
    finder = ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def assert_inert(client, urls, statuses=(200,)) -> None:
    """GET each URL and fail with the list of active content found, page by page."""
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in statuses, f"{url}: {response.status_code}"
        problems += [f"{url}: {found}" for found in active_content(response.text)]
    assert not problems, "\n".join(problems)
