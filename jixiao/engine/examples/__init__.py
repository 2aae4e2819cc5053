"""Example scenarios shipped with the engine (scheme, data and expected results)."""

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent


def example_path(name: str = "jinfeng-2015") -> Path:
    """Folder of a shipped example: scheme.yaml, data.yaml, results.<period>.json."""
    folder = EXAMPLES / name
    if not (folder / "scheme.yaml").is_file():
        raise FileNotFoundError(f"no example named {name!r}")
    return folder
