"""Reports and exports: validation statistics, figures and tables (see shared/DESIGN.md)."""
