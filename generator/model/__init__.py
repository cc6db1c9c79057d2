"""The content model: typed records of DESIGN.md's content files (pydantic, strict)."""

from generator.model.base import VISIBILITY_LABELS, StrictModel, Visibility
from generator.model.indicators import Comparator, Indicator, Measure
from generator.model.periods import PERIOD_KIND_LABELS, Conference, Period, PeriodKind
from generator.model.project import MediaFile, PeriodContent, Project, Report
from generator.model.records import (
    CATEGORY_LABELS,
    Case,
    Category,
    ClipRange,
    HighlightsFile,
    MediaItem,
    Result,
    ResultsFile,
    effective_visibility,
)
from generator.model.site import SiteInfo
from generator.model.units import UNIT_KIND_LABELS, Unit, UnitKind
from generator.model.video import SECTION_TITLES, SectionId, VideoSettings

__all__ = [
    "CATEGORY_LABELS",
    "PERIOD_KIND_LABELS",
    "SECTION_TITLES",
    "UNIT_KIND_LABELS",
    "VISIBILITY_LABELS",
    "Case",
    "Category",
    "ClipRange",
    "Comparator",
    "Conference",
    "HighlightsFile",
    "Indicator",
    "Measure",
    "MediaFile",
    "MediaItem",
    "Period",
    "PeriodContent",
    "PeriodKind",
    "Project",
    "Report",
    "Result",
    "ResultsFile",
    "SectionId",
    "SiteInfo",
    "StrictModel",
    "Unit",
    "UnitKind",
    "VideoSettings",
    "Visibility",
    "effective_visibility",
]
