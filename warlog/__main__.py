from warlog.cli import main

main()
