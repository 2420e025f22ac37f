"""How close a built universe is to the real HCV: `python -m hcvvet.sandbox realism --db PATH`.

The figures are measured from the universe file by SQL and numpy (``measures``), never by the simulator's
code, and compared with the real values and tolerances of ``quantities.QUANTITIES``.
"""

from .report import Line, Report, as_json, as_text, evaluate, evaluate_file

__all__ = ["Line", "Report", "as_json", "as_text", "evaluate", "evaluate_file"]
