import sys

from reader.entry import main

sys.exit(main())
