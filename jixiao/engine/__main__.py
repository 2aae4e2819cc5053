"""`python -m jixiao.engine SCHEME_FILE DATA_FILE [--period …] [--format …]`."""

from jixiao.engine.cli import main

main()
