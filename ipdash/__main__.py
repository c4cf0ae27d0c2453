import sys

from ipdash.cli import main

sys.exit(main())
