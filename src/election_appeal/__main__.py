"""`python -m election_appeal` is the same as the `appeal` command."""

from .cli import main

main()
