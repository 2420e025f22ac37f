"""Command line: `python -m hcvvet.sandbox build|serve|realism|cutouts ...`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _build(args: argparse.Namespace) -> int:
    from .universe.build import build_universe

    summary = build_universe(Path(args.out), scale=args.scale, seed=args.seed)
    print(json.dumps(summary, indent=2, default=str))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .server.app import SandboxApp, SandboxHTTPServer, service_urls

    app = SandboxApp(Path(args.db), Path(args.workdir) if args.workdir else None)
    app.casjobs.add_user(args.user, args.password)
    httpd = SandboxHTTPServer((args.host, args.port), app)
    host, port = httpd.server_address[:2]
    base = f"http://{host}:{port}"
    for name, url in service_urls(base).items():
        print(f"{name}: {url}")
    print(f"control: {base}/_sandbox/faults")
    print(f"account: {args.user} / {args.password}")
    print(f"HCVVET_MAST_SANDBOX={base}", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        app.stopping.set()
        httpd.server_close()
        app.close()
    return 0


def _realism(args: argparse.Namespace) -> int:
    from .realism import as_json, as_text, evaluate_file

    db = Path(args.db)
    if not db.is_file():
        print(f"no universe file at {db}", file=sys.stderr)
        return 2
    report = evaluate_file(db)
    print(json.dumps(as_json(report), indent=2) if args.json else as_text(report))
    return 1 if args.check and report.out_of_tolerance else 0


def _cutouts(args: argparse.Namespace) -> int:
    import sqlite3
    from contextlib import closing

    from .universe.sheet import contact_sheet

    db = Path(args.db)
    if not db.is_file():
        print(f"no universe file at {db}", file=sys.stderr)
        return 2
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        shown = contact_sheet(conn, Path(args.sheet))
    for ex in shown:
        print(f"{ex.label}: MatchID {ex.match_id} {ex.filter} {ex.fault_image} vs {ex.normal_image}")
    print(f"contact sheet: {args.sheet}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hcvvet.sandbox", description="Offline MAST sandbox")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build a universe SQLite file")
    build.add_argument("--scale", choices=("tiny", "demo", "full"), default="demo")
    build.add_argument("--seed", type=int, default=1)
    build.add_argument("--out", required=True)
    build.set_defaults(func=_build)
    serve = sub.add_parser("serve", help="serve a universe over HTTP")
    serve.add_argument("--db", required=True)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0)
    serve.add_argument("--user", default="demo")
    serve.add_argument("--password", default="demo")
    serve.add_argument("--workdir", help="where MyDB files and extract outputs go (default: a temp dir)")
    serve.set_defaults(func=_serve)
    realism = sub.add_parser("realism", help="compare a universe with the real HCV figures")
    realism.add_argument("--db", required=True, help="universe file written by `build`")
    realism.add_argument("--json", action="store_true", help="print the table as JSON")
    realism.add_argument("--check", action="store_true", help="exit 1 when a figure is out of tolerance")
    realism.set_defaults(func=_realism)
    cutouts = sub.add_parser("cutouts", help="draw a contact sheet of cutouts of each artifact kind")
    cutouts.add_argument("--db", required=True)
    cutouts.add_argument("--sheet", required=True, help="PNG file to write")
    cutouts.set_defaults(func=_cutouts)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
