"""The demo: `python -m hcvvet.demo` (what `make demo` runs) starts the whole app on one machine.

It sits on top of every other app: its launcher (`launcher`) starts the MAST sandbox, gunicorn and a Celery
worker as processes (`processes`), and its `demo_setup` command creates the demo accounts (`accounts`) and
queues the ingest of the sandbox's demo groups (`ingest`). Nothing of hcvvet imports it.
"""
