"""Command line: `python -m hcvvet.sandbox build ...` and `python -m hcvvet.sandbox serve ...`."""

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
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
