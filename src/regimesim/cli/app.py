"""``regimesim app``: serve the web app (Solara), or install its front-end files."""

from __future__ import annotations

import argparse
import sys

from regimesim.cli.invocation import CLIError, Invocation


def cmd_app(args: argparse.Namespace, inv: Invocation) -> int:
    """Serve the web app (Solara) until interrupted."""
    from regimesim.app.serve import AppError, check_options, serve

    if args.fetch_assets:
        from regimesim.app.assets import AssetsError, cache_dir, install

        try:
            done = install()
        except AssetsError as exc:
            raise CLIError(str(exc)) from None
        print(
            f"regimesim app: front-end files {'installed' if done else 'already installed'} in "
            f"{cache_dir()}; the app needs no internet"
        )
        return 0
    try:
        check_options(args.scenario, args.host, args.port, args.lang)
    except AppError as exc:
        raise CLIError(str(exc)) from None
    if args.host != "127.0.0.1":
        print(f"regimesim app: serving on {args.host}: reachable from other machines", file=sys.stderr)
    from regimesim.app.assets import missing

    if missing():
        print(
            "regimesim app: the front-end files are not installed, so the page fetches them from "
            "a CDN; with no internet, run 'regimesim app --fetch-assets' once first",
            file=sys.stderr,
        )
    print(f"regimesim app: http://{args.host}:{args.port}/ (Ctrl+C stops it)")
    return serve(args.scenario, args.host, args.port, args.lang)
