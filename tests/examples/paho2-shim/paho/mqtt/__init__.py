# TEST-ONLY imitation of paho-mqtt 2.x on top of Debian's real paho-mqtt 1.6 (PyPI is not
# reachable here, so 2.x itself cannot be installed). Only client.py is replaced; every other
# module (properties, packettypes, reasoncodes, ...) is found in the real 1.6 package, which
# is appended to this package's search path.
import os
import sys

__version__ = "2.0.0+voke-test-imitation"


class MQTTException(Exception):
    pass


_HERE = os.path.realpath(os.path.dirname(__file__))
REAL_PAHO_DIR = None
for _entry in sys.path:
    _candidate = os.path.realpath(os.path.join(_entry or ".", "paho", "mqtt"))
    if _candidate != _HERE and os.path.isfile(os.path.join(_candidate, "client.py")):
        REAL_PAHO_DIR = _candidate
        break
if REAL_PAHO_DIR is None:
    raise ImportError("the paho 2.x test imitation needs the real paho-mqtt 1.6 (python3-paho-mqtt) on sys.path")
__path__.append(REAL_PAHO_DIR)
