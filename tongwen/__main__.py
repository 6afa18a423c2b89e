"""``python -m tongwen``: the command line, as the ``tongwen`` script runs it."""

from tongwen.cli import main

if __name__ == "__main__":
    main()
