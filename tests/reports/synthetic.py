"""Seeded synthetic HCVmatch x HCVfilter tables (one row per object and filter) for report tests."""

from dataclasses import dataclass

import numpy as np

# the real expert validation of hcv-facts.md: AutoClass -> {ExpertClass: objects}
REAL_COUNTS = {1: {1: 3323, 2: 3055, 4: 1761}, 2: {1: 2101, 2: 2442, 4: 851}}
REAL_ROWS = 31258
# the same published table, (AutoClass, ExpertClass) -> (objects, fraction of the AutoClass to 3 decimals)
REAL_CROSSTAB = {
    (1, 1): (3323, 0.408),
    (1, 2): (3055, 0.375),
    (1, 4): (1761, 0.216),
    (2, 1): (2101, 0.390),
    (2, 2): (2442, 0.453),
    (2, 4): (851, 0.158),
}


@dataclass
class ValidationTable:
    match_id: np.ndarray
    auto_class: np.ndarray
    expert_class: np.ndarray
    filter_det_flag: np.ndarray
    mad: np.ndarray


def real_count_table(seed: int = 1) -> ValidationTable:
    """13,533 objects with the real AutoClass x ExpertClass counts, spread over 31,258 shuffled rows."""
    rng = np.random.default_rng(seed)
    autos, experts = [], []
    for auto, per_expert in REAL_COUNTS.items():
        for expert, count in per_expert.items():
            autos += [auto] * count
            experts += [expert] * count
    n_objects = len(autos)
    match_ids = rng.choice(10**9, size=n_objects, replace=False)
    rows_per_object = 1 + rng.multinomial(REAL_ROWS - n_objects, np.full(n_objects, 1 / n_objects))
    index = np.repeat(np.arange(n_objects), rows_per_object)
    rng.shuffle(index)
    n_rows = len(index)
    return ValidationTable(
        match_id=match_ids[index],
        auto_class=np.array(autos)[index],
        expert_class=np.array(experts)[index],
        filter_det_flag=rng.integers(0, 2, n_rows),
        mad=10 ** rng.normal(-1.2, 0.4, n_rows),
    )


def realistic_table(n_rows: int = 6000, seed: int = 7) -> ValidationTable:
    """Rows with log-normal MAD, some outside 0.007-2 mag, artifacts most common near MAD 0.1 mag and rare at
    large MAD (as in the paper), a third of the rows not flagged variable."""
    rng = np.random.default_rng(seed)
    mad = 10 ** rng.normal(-0.95, 0.35, n_rows)
    log_mad = np.log10(mad)
    p_artifact = 0.35 * np.exp(-0.5 * ((log_mad + 1.0) / 0.5) ** 2)
    p_artifact[log_mad > 0.0] = 0.08  # keep some artifacts among the few large-MAD rows
    is_artifact = rng.random(n_rows) < p_artifact
    experts = np.where(is_artifact, 4, rng.choice([1, 2], size=n_rows))
    return ValidationTable(
        match_id=np.arange(n_rows),
        auto_class=rng.choice([1, 2], size=n_rows),
        expert_class=experts,
        filter_det_flag=(rng.random(n_rows) < 0.67).astype(int),
        mad=mad,
    )


def with_unclassified_field(
    table: ValidationTable,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, ValidationTable]:
    """`table`'s rows followed by 3,000 of a field no expert classified (class 0): the MAD, class and
    FilterDetFlag columns, and that field."""
    field = realistic_table(n_rows=3000, seed=8)
    mad = np.concatenate([table.mad, field.mad])
    classes = np.concatenate([table.expert_class, np.zeros_like(field.expert_class)])
    flags = np.concatenate([table.filter_det_flag, field.filter_det_flag])
    return mad, classes, flags, field
