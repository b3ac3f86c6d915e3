"""`python -m app` runs Ward Office."""

import sys

from app.bootstrap import main

sys.exit(main())
