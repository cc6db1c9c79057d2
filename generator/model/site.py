"""``content/site.yml``: who publishes the reports."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.model.base import StrictModel

SYMBOL_PATTERN = r"^[A-ZĐ0-9]+(-[A-ZĐ0-9]+)*$"
"""A document symbol as Nghị định 30 writes it: capitals, digits and hyphens (``BC-VKS``)."""


class Signer(StrictModel):
    """Who signs the written report (Nghị định 30/2020/NĐ-CP, signature block)."""

    title: str = Field(min_length=1, description="Chức vụ người ký, ví dụ «Phó Viện trưởng».")
    name: str = Field(min_length=1, description="Họ và tên người ký.")
    on_behalf_of: str | None = Field(
        default=None,
        description="Ký thay (KT.) cho chức vụ này, ví dụ «Viện trưởng»; bỏ trống khi ký trực tiếp.",
    )


class ReportSettings(StrictModel):
    """What the written report (``baocao report``) needs beyond the organisation's name."""

    parent_body: str | None = Field(
        default=None,
        description="Cơ quan chủ quản (dòng trên tên cơ quan), ví dụ «Viện kiểm sát nhân dân tối cao».",
    )
    issuing_body: str | None = Field(
        default=None, description="Cơ quan ban hành; mặc định là «organisation»."
    )
    place: str = Field(min_length=1, description="Địa danh ở dòng ngày tháng, ví dụ «Phú Yên».")
    symbol: str = Field(
        default="BC-VKS",
        min_length=1,
        pattern=SYMBOL_PATTERN,
        description="Ký hiệu văn bản sau «Số: …/», ví dụ «BC-VKS».",
    )
    signer: Signer = Field(description="Người ký báo cáo.")
    recipients: tuple[str, ...] = Field(
        default=(), description="Nơi nhận, mỗi dòng một nơi, ví dụ «VKSND tối cao (để báo cáo)»."
    )


class SiteInfo(StrictModel):
    organisation: str = Field(
        min_length=1,
        description="Tên đầy đủ của cơ quan, ví dụ «Viện kiểm sát nhân dân tỉnh Phú Yên».",
    )
    short_name: str = Field(
        min_length=1,
        description="Tên viết tắt dùng trong tiêu đề trang, ví dụ «VKSND tỉnh Phú Yên».",
    )
    locale: Literal["vi"] = Field(
        default="vi", description="Ngôn ngữ của trang và video (chỉ hỗ trợ «vi»)."
    )
    logo: str | None = Field(
        default=None, description="Biểu trưng: đường dẫn tệp ảnh, tính từ thư mục media/."
    )
    address: str | None = Field(default=None, description="Địa chỉ cơ quan (hiện ở chân trang).")
    report: ReportSettings | None = Field(
        default=None,
        description="Thông tin in trên báo cáo viết (cơ quan chủ quản, địa danh, người ký, nơi nhận).",
    )
    voice: str | None = Field(
        default=None,
        min_length=1,
        description="Giọng đọc Piper riêng của cơ quan (nếu có): đường dẫn tệp mô hình .onnx, "
        "tính từ thư mục dự án, ví dụ «giong-doc/vi_VN-giong-doc.onnx»; tệp cấu hình đi kèm "
        "(cùng tên, thêm .json: «vi_VN-giong-doc.onnx.json») đặt ngay cạnh nó. "
        "Bỏ trống thì video dùng giọng espeak-ng có sẵn.",
    )
