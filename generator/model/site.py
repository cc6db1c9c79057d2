"""``content/site.yml``: who publishes the reports."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.model.base import StrictModel


class SiteInfo(StrictModel):
    organisation: str = Field(
        description="Tên đầy đủ của cơ quan, ví dụ «Viện kiểm sát nhân dân tỉnh Phú Yên»."
    )
    short_name: str = Field(
        description="Tên viết tắt dùng trong tiêu đề trang, ví dụ «VKSND tỉnh Phú Yên»."
    )
    locale: Literal["vi"] = Field(
        default="vi", description="Ngôn ngữ của trang và video (chỉ hỗ trợ «vi»)."
    )
    logo: str | None = Field(
        default=None, description="Biểu trưng: đường dẫn tệp ảnh, tính từ thư mục media/."
    )
    address: str | None = Field(default=None, description="Địa chỉ cơ quan (hiện ở chân trang).")
