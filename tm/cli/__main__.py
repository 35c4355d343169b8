from tm.cli.commands import main

main()
