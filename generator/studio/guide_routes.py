"""«Hướng dẫn» in the studio (``pages.guide``): the staff guide the site carries, each page inside
the studio's layout, linked from every page's header; and the guide's images."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from generator.studio.app import studio_of
from generator.studio.pages.guide import BASE, INDEX, contents, guide_image, guide_page

NO_PAGE = "Không có trang hướng dẫn này."


def page(request: Request) -> Response:
    name = request.path_params.get("page", INDEX)
    found = guide_page(name)
    if found is None:
        return PlainTextResponse(NO_PAGE, status_code=404)
    title, body = found
    context = {"title": title, "body": body, "name": name, "pages": contents()}
    return studio_of(request).page(request, "guide.html", context)


def image(request: Request) -> Response:
    found = guide_image(request.path_params["folder"], request.path_params["name"])
    if found is None:
        return PlainTextResponse("Không có hình này trong hướng dẫn.", status_code=404)
    data, media_type = found
    return Response(data, media_type=media_type, headers={"Cache-Control": "max-age=3600"})


ROUTES: list[BaseRoute] = [
    Route(BASE, page),
    Route(BASE + "/{page}", page),
    Route(BASE + "/{folder}/{name}", image),
]
