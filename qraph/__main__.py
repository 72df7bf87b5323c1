from qraph.cli import main

main()
