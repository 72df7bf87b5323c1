import sys

try:
    from qraph.cli import main
except KeyboardInterrupt:  # Ctrl-C while the imports run: stop quietly, like any other time
    sys.exit(130)

main()
