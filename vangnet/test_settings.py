"""pytest entry point: the same settings module, with VANGNET_ENV=test as the default."""

import os

os.environ.setdefault("VANGNET_ENV", "test")

from vangnet.settings import *  # noqa: E402,F403
