import sys

from reedesk.cli.main import main

sys.exit(main())
