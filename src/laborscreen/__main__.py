"""``python -m laborscreen``: the same command as ``laborscreen``."""

from laborscreen.cli import main

if __name__ == "__main__":
    main()
