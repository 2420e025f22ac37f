"""Class codes of the HCV (hcv-facts.md) and the names reports print for them."""

AUTO_CLASS_NAMES: dict[int, str] = {0: "constant", 1: "SFVC", 2: "MFVC"}
EXPERT_CLASS_NAMES: dict[int, str] = {0: "not classified", 1: "confident", 2: "likely", 4: "artifact"}

CANDIDATE_AUTO_CLASSES: tuple[int, ...] = (1, 2)
VETTED_EXPERT_CLASSES: tuple[int, ...] = (1, 2, 4)
ARTIFACT_CLASS = 4
