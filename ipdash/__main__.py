import sys

from ipdash.cli.main import main

sys.exit(main())
