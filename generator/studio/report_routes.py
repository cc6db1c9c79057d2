"""The leadership's report (report.md) of a period: its text and its level, edited in the
browser and saved through the loader like every write.

The front matter is kept line for line (only its ``visibility`` changes, when another level is
chosen); the body is what the box holds. A level the file writes but the loader cannot read is
never replaced by a guess: saving needs a level chosen on the page.
"""

from __future__ import annotations

import unicodedata

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from generator.load import layout
from generator.load.frontmatter import split_front_matter
from generator.load.yamlsource import parse_yaml
from generator.model import Visibility
from generator.model.records import placeholder_lines
from generator.studio import store
from generator.studio.app import Studio
from generator.studio.validate import Verdict
from generator.yamledit.roundtrip import CommentedMap, EditRefused, edit_text

KEEP = "giu"
"""The level choice «as the file writes it» (offered when that cannot be read)."""


def routes(studio: Studio) -> list[Route]:
    path = "/ky/{period}/bao-cao"

    def page(request: Request) -> Response:
        period = studio.state.snapshot().period_or_404(request.path_params["period"])
        return _page(studio, request, period.id)

    def save(request: Request, form: FormData, session: str) -> Response:
        period = studio.state.snapshot().period_or_404(request.path_params["period"])
        return _save(studio, request, form, session, period.id)

    return [Route(path, page), studio.write_route(path, save)]


def written_level(text: str | None) -> str | None:
    """The front matter's ``visibility`` as written (None: not written, or no file)."""
    if text is None:
        return None
    split = split_front_matter(text.removeprefix("\ufeff").replace("\r\n", "\n"), "report.md")
    if split.yaml is None or split.problems:
        return None
    source, problems = parse_yaml(split.yaml, "report.md")
    data = source.data if source is not None and not problems else None
    if not isinstance(data, dict) or data.get("visibility") is None:
        return None
    return str(data["visibility"])


def body_of(text: str | None) -> str:
    if text is None:
        return ""
    split = split_front_matter(text.removeprefix("\ufeff").replace("\r\n", "\n"), "report.md")
    return split.body.strip("\n")


def with_body(text: str | None, body: str, level: str | None) -> str:
    """report.md's text with ``body`` as its body and, when ``level`` is given and differs
    from the level in force, that level in its front matter; every other line of the front
    matter is kept, so are a byte order mark and CRLF line ends."""
    text = text or ""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    raw = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in raw else "\n"
    plain = raw.replace("\r\n", "\n")
    split = split_front_matter(plain, "report.md")
    if split.problems:  # an unclosed fence: where the body starts is not known for certain
        raise EditRefused(split.problems[0].message, split.problems[0].line)
    lines = plain.split("\n")
    head = "".join(line + "\n" for line in lines[: split.body_line])
    current = written_level(plain) or Visibility.INTERNAL.value
    if level is not None and level != current:
        head = _with_level(head, split.yaml is not None, level)
    body = unicodedata.normalize("NFC", body.replace("\r\n", "\n")).strip("\n") + "\n"
    return bom + (head + body).replace("\n", newline)


def _with_level(head: str, fenced: bool, level: str) -> str:
    if not fenced:
        return f"---\nvisibility: {level}\n---\n" + head
    lines = head.split("\n")
    opening = next(i for i, line in enumerate(lines) if line.strip())
    closing = len(lines) - 2  # head ends with the closing fence's line and its "\n"
    front = "".join(line + "\n" for line in lines[opening + 1 : closing])
    if not any(line.strip() and not line.lstrip().startswith("#") for line in front.split("\n")):
        edited = front + f"visibility: {level}\n"  # no field yet (or only comments)
    else:

        def change(document: CommentedMap) -> None:
            document["visibility"] = level

        edited = edit_text(front, change, exact_layout=True)
    return "".join(line + "\n" for line in lines[: opening + 1]) + edited + lines[closing] + "\n"


def _page(
    studio: Studio,
    request: Request,
    period_id: str,
    typed: dict[str, str] | None = None,
    problems: list[str] | None = None,
    notice: str = "",
    status: int = 200,
    digest: str | None = None,
) -> Response:
    """The page; ``digest``: the version the typed text was written against (after a refused
    stale save, so that sending the form again is refused again, not written over the other
    edit)."""
    rel = layout.report_file(period_id)
    current = store.read(studio.root, rel)
    written = written_level(current.text)
    if problems is None:  # what `check` says of the file now
        problems = [str(p) for p in studio.state.snapshot().by_path.get(rel, [])]
    body = typed["body"] if typed else body_of(current.text)
    context = {
        "period": studio.state.snapshot().period(period_id),
        "rel": rel,
        "digest": current.digest if digest is None else digest,
        "undo_at": studio.undo_offer(rel, current.digest),
        "levels": [v.value for v in Visibility],
        "level": typed["level"] if typed else (written or Visibility.INTERNAL.value),
        "unreadable_level": written is not None and written not in {v.value for v in Visibility},
        "written_level": written,
        "body": body,
        "placeholders": len(placeholder_lines(body)),
        "problems": problems,
        "notice": notice,
    }
    return studio.page(request, "report.html", context, status)


def _save(
    studio: Studio, request: Request, form: FormData, session: str, period_id: str
) -> Response:
    rel = layout.report_file(period_id)
    typed = {"body": str(form.get("noi-dung", "")), "level": str(form.get("visibility", ""))}
    if typed["level"] not in {KEEP, *(v.value for v in Visibility)}:
        return PlainTextResponse("Mức công khai không hợp lệ.", status_code=400)

    def again(status: int, notice: str, verdict: Verdict | None) -> Response:
        seen = str(form.get("digest", "")) if status == 409 else None
        problems = [str(p) for p in verdict.errors] if verdict is not None else []
        return _page(studio, request, period_id, typed, problems, notice, status, seen)

    def edit(text: str | None) -> str:
        try:
            return with_body(
                text, typed["body"], None if typed["level"] == KEEP else typed["level"]
            )
        except EditRefused as exc:
            raise EditRefused(f"{exc}; hãy sửa phần đầu tệp bằng trình soạn thảo") from exc

    return studio.save_form(
        session,
        form,
        rel,
        edit,
        again,
        done="Đã lưu báo cáo.",
        back=f"/ky/{period_id}/bao-cao",
        unchanged="Báo cáo không đổi: không ghi gì.",
        invalid="Chưa lưu: báo cáo có lỗi, xem bên dưới.",
    )
