"""The names and colours of the expert classes: the one place every page, figure, export and admin reads them.

The names are the HCV's own (Bonanos et al. 2019): 1 high-confidence variable, 2 probable variable,
4 possible artifact. The colours are Okabe-Ito's colour-blind-safe palette, one per class, the same on the
review page, the adjudication page and the report figures. Two classes share these codes and must never be
confused: the catalogue's ("HCV ExpertClass", `Candidate.hcv_expert_class`) and hcvvet's consensus of its
experts' labels (`Candidate.expert_class`); the titles below say whose a class is wherever it is shown.

Plain data with no Django import, so pure report statistics and figures can use it too.
"""

from dataclasses import dataclass

NOT_CLASSIFIED = 0
HIGH_CONFIDENCE = 1
PROBABLE = 2
ARTIFACT = 4

EXPERT_CLASS_NAMES: dict[int, str] = {
    NOT_CLASSIFIED: "not classified",
    HIGH_CONFIDENCE: "high-confidence variable",
    PROBABLE: "probable variable",
    ARTIFACT: "possible artifact",
}
EXPERT_CLASS_COLOURS: dict[int, str] = {
    NOT_CLASSIFIED: "#BBBBBB",  # neutral grey, outside the palette on purpose: "no class" is not a class
    HIGH_CONFIDENCE: "#0072B2",  # Okabe-Ito blue
    PROBABLE: "#009E73",  # Okabe-Ito bluish green
    ARTIFACT: "#D55E00",  # Okabe-Ito vermillion
}
LABEL_CODES: tuple[int, ...] = (HIGH_CONFIDENCE, PROBABLE, ARTIFACT)

CATALOGUE_CLASS_TITLE = "HCV ExpertClass"
CONSENSUS_CLASS_TITLE = "hcvvet consensus class"


@dataclass(frozen=True)
class ClassStyle:
    """How one expert class is shown: its code, its name and its colour."""

    code: int
    name: str
    colour: str

    @property
    def css_class(self) -> str:
        """The CSS class that pages put on anything showing this class (`class-1`, ...)."""
        return f"class-{self.code}"


def expert_class_styles(codes: tuple[int, ...] = LABEL_CODES) -> list[ClassStyle]:
    """The style of each class in `codes`, in that order (by default the three an expert can label)."""
    return [ClassStyle(code, EXPERT_CLASS_NAMES[code], EXPERT_CLASS_COLOURS[code]) for code in codes]


def codes_description(codes: tuple[int, ...] = LABEL_CODES) -> str:
    """The codes with their names, "1 high-confidence variable, 2 probable variable, 4 possible artifact",
    as table column descriptions give them."""
    return ", ".join(f"{code} {EXPERT_CLASS_NAMES[code]}" for code in codes)
