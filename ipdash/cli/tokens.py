"""``python -m ipdash tokens`` — API tokens for ``IPDASH_VIEW=login`` (``ipdash.accounts.tokens``).

    python -m ipdash tokens add NAME      # prints the new token once, on stdout; nothing else ever shows it
    python -m ipdash tokens               # every token as CSV: name, id, made, by, revoked, last used (no secrets)
    python -m ipdash tokens revoke NAME   # the token stops working at once, on every replica

Bad input: a message on stderr, exit 2.
"""

from __future__ import annotations

import getpass
import sys

from ipdash.accounts import tokens
from ipdash.export_safe import neutralise_formulas

EXIT_BAD_INPUT = 2


def _err(msg: str) -> None:
    print(f"ipdash tokens: {msg}", file=sys.stderr)


def _who() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in this environment (a container without /etc/passwd entry)
        return "cli"


def cmd_tokens(args) -> int:
    if args.action is None:
        neutralise_formulas(tokens.listing()).to_csv(sys.stdout, index=False, lineterminator="\n")
        return 0
    if not args.name:
        _err(f"tokens {args.action} needs a NAME")
        return EXIT_BAD_INPUT
    if args.action == "add":
        try:
            token = tokens.create(args.name, by=_who())
        except ValueError as exc:
            _err(str(exc))
            return EXIT_BAD_INPUT
        print(token)
        print(f"token {args.name}: shown this once; send it as 'Authorization: Bearer <token>'", file=sys.stderr)
        return 0
    if not tokens.revoke(args.name, by=_who()):
        _err(f"no valid token named {args.name}")
        return EXIT_BAD_INPUT
    print(f"revoked {args.name}", file=sys.stderr)
    return 0


def _tokens_args(sp) -> None:
    sp.add_argument("action", nargs="?", choices=("add", "revoke"), help="none: list every token as CSV")
    sp.add_argument("name", nargs="?")


COMMANDS = {"tokens": (cmd_tokens, "API tokens for IPDASH_VIEW=login: list as CSV; add NAME, revoke NAME")}
EXTRA_ARGS = {"tokens": [_tokens_args]}
