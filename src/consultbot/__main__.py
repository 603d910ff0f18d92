"""Run the ``consultbot`` command as ``python -m consultbot``."""

from consultbot.cli import main

main()
