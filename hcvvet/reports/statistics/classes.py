"""Class codes of the HCV (hcv-facts.md) and the names reports print for them."""

from typing import Literal

from hcvvet.catalog.classes import EXPERT_CLASS_NAMES as EXPERT_CLASS_NAMES  # re-exported for reports

AUTO_CLASS_NAMES: dict[int, str] = {0: "constant", 1: "SFVC", 2: "MFVC"}

CANDIDATE_AUTO_CLASSES: tuple[int, ...] = (1, 2)
VETTED_EXPERT_CLASSES: tuple[int, ...] = (1, 2, 4)
ARTIFACT_CLASS = 4

# which class colours a scatter figure's points: the HCV AutoClass, or the expert class of the label source
ClassKind = Literal["auto", "expert"]
