"""The 404 page, made to work under any sub-path.

A web server shows ``404.html`` at whatever address was asked for (``/baocao/ky-bao-cao/x/y.html``),
so the page cannot link relative to its own address as the other pages do, and MkDocs writes its
links from the site root (``/assets/…``), which is wrong once the intranet serves the site under
``/baocao/``. Here its links become relative to the site's root, and a small script at the top of
``<head>`` finds that root in the address and sets it as the page's ``<base>`` before anything
loads: the root is the folder above the last path segment that names one of the site's top-level
folders (``ky-bao-cao``, ``assets``…), else the folder of the address itself. A second script
gives Material's configuration the same root, for its search and links. (The page needs
JavaScript, as Material's search does.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

PAGE = "404.html"
ALWAYS_TOP = ("assets", "search", "media")  # written by Material, its search, the media step

_ROOTED = re.compile(r"""(\s(?:href|src|action)=)(["'])(/[^"']*)\2""", re.I)
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_SCOPE = re.compile(r'__md_scope=new URL\("[^"]*",\s*location\)')
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta\s+charset=[^>]*>)?", re.I)  # after the charset

# The <base> starts unusable (about:blank resolves no relative URL), so the browser's preload
# scanner, which reads ahead of the script, fetches nothing from the wrong folder.
_BASE_SCRIPT = """<base href="about:blank"><script>/* baocao: the site root as this page's base */
(function () {
  var top = %s, parts = location.pathname.split("/"), root = parts.slice(0, -1);
  for (var i = parts.length - 2; i > 0; i--) {
    if (top.indexOf(decodeURIComponent(parts[i])) >= 0) { root = parts.slice(0, i); break; }
  }
  document.querySelector("base").href = location.protocol + "//" + location.host + root.join("/") + "/";
})();
</script>"""

_CONFIG_SCRIPT = """<script>/* baocao: Material's base and search worker from the page's base */
(function () {
  var el = document.getElementById("__config"), config = JSON.parse(el.textContent);
  config.base = new URL(config.base, document.baseURI).href;
  config.search = new URL(config.search, document.baseURI).href;
  el.textContent = JSON.stringify(config);
})();
</script>"""


def relocatable(html: str, base_path: str, top_level: Iterable[str]) -> str:
    """The 404 page with its ``base_path``-rooted links made relative, plus the two scripts."""
    prefix = base_path if base_path.endswith("/") else base_path + "/"

    def relative(url: str) -> str:
        if url.startswith("//") or not url.startswith(prefix):
            return url
        return url[len(prefix) :] or "./"

    def attribute(match: re.Match[str]) -> str:
        return f"{match.group(1)}{match.group(2)}{relative(match.group(3))}{match.group(2)}"

    def config(match: re.Match[str]) -> str:
        data = json.loads(match.group(2))
        for key in ("base", "search"):
            if isinstance(data.get(key), str):
                data[key] = relative(data[key]) if data[key] != prefix else "."
        body = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        return f"{match.group(1)}{body}{match.group(3)}{_CONFIG_SCRIPT}"

    names = json.dumps(sorted({*top_level, *ALWAYS_TOP}), ensure_ascii=False)
    text = _ROOTED.sub(attribute, html)
    text = _SCOPE.sub('__md_scope=new URL(".",document.baseURI)', text)  # preferences' scope
    text = _CONFIG.sub(config, text, count=1)
    head = _HEAD.search(text)
    if head is None:
        return text
    script = _BASE_SCRIPT % names.replace("</", "<\\/")
    return text[: head.end()] + script + text[head.end() :]
