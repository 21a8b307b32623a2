import sys

from lien_desktop.app import main

sys.exit(main())
