"""`python -m jixiao.scoring SCHEME_FILE DATA_FILE [--period …] [--format …]`."""

from jixiao.scoring.cli import main

main()
